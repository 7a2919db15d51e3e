package dev.envtest.plugin.controlplane;

import dev.envtest.plugin.http.AnswerHead;
import dev.envtest.plugin.http.ChunkedInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection kept alive across a probe's GETs, on a plain blocking socket, with TLS when the probe has a
 * context (the server's certificate checked against it, and its name against the URL's host, as HTTPS clients do).
 *
 * <p>Why not the JDK's {@code HttpClient}: the probes poll while etcd and kube-apiserver boot on the same cores, and
 * the client's asynchronous machinery (a selector thread and futures per request, some 700 classes loaded, then
 * compiled by the JIT) made the Maven JVM use 1.2–1.4 s of CPU between the API server's launch and its /readyz on a
 * saved bootstrap, against 0.6–0.7 s with this class (three starts each on the 2-core CI machine kind), CPU taken from
 * the API server's boot. Here a refused connection is one system call, and an answer a status line, headers and a
 * short body.
 */
final class ProbeConnection implements Closeable {

    private static final int TIMEOUT_MILLIS = 2_000;
    /** An answer's body is kept for error messages only: /readyz and /health answer in well under this. */
    private static final int MAX_BODY = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean reusable = true;
    private int answered;
    /** When the answer being read must be complete: the socket's timeout bounds each read, this the whole answer. */
    private long answerDeadline;

    /** The status code and the body of one answer. */
    record Answer(int status, String body) {
    }

    /**
     * A kept-alive connection that the server had closed while it was idle: the request was written, but not one byte
     * came back. Nothing was answered, so the request may be sent again at once on a new connection.
     */
    static final class ClosedWhileIdle extends IOException {
        ClosedWhileIdle() {
            super("the server had closed the kept-alive connection");
        }
    }

    private ProbeConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code url}'s host and port, 80 or 443 when it names none (and completes the TLS handshake when
     * {@code tls} is given).
     */
    static ProbeConnection open(URI url, SSLContext tls) throws IOException {
        int port = url.getPort() >= 0 ? url.getPort() : tls == null ? 80 : 443;
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(url.getHost(), port), TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
            if (tls == null) {
                return new ProbeConnection(plain);
            }
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, url.getHost(), port, true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            return new ProbeConnection(secure);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * GETs {@code url}'s path and query on this connection. Throws {@link ClosedWhileIdle} when a connection that had
     * answered before gets no byte back; an answer must be complete within the timeout.
     */
    Answer get(URI url) throws IOException {
        String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        // the authority as written: an IPv6 literal keeps its brackets
        try {
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + url.getRawAuthority() + "\r\nUser-Agent: envtest-maven-plugin\r\n"
                    + "Accept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (java.net.SocketException e) {
            // a broken pipe or a reset: the server closed it after an earlier answer
            if (answered > 0) {
                throw new ClosedWhileIdle();
            }
            throw e;
        }
        answerDeadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        int first;
        try {
            in.mark(1);
            first = in.read();
        } catch (java.net.SocketException e) {
            // a reset instead of an end: the same, for a connection closed while idle
            if (answered > 0) {
                throw new ClosedWhileIdle();
            }
            throw e;
        }
        if (first < 0) {
            if (answered > 0) {
                throw new ClosedWhileIdle();
            }
            throw new EOFException("the connection ended before an answer");
        }
        in.reset();
        InputStream answer = new Deadlined(in);
        AnswerHead head = AnswerHead.read(answer);
        reusable &= head.keepsConnection();
        answered++;
        if (head.bodiless()) {
            return new Answer(head.status(), "");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (head.chunked()) {
            copy(new ChunkedInputStream(answer), Long.MAX_VALUE, body);
        } else if (head.contentLength().isPresent()) {
            long length = head.contentLength().getAsLong();
            if (copy(answer, length, body) < length) {
                throw new EOFException("the connection ended inside an answer's body");
            }
        } else {
            // neither a length nor chunks: the body ends with the connection
            copy(answer, Long.MAX_VALUE, body);
            reusable = false;
        }
        return new Answer(head.status(), body.toString(StandardCharsets.UTF_8));
    }

    /** Whether the server lets the next GET use this connection. */
    boolean reusable() {
        return reusable && !socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to release beyond the socket
        }
    }

    /** Copies up to {@code count} bytes, keeping the first {@link #MAX_BODY}; returns how many there were. */
    private static long copy(InputStream from, long count, ByteArrayOutputStream body) throws IOException {
        byte[] buffer = new byte[4096];
        long copied = 0;
        while (copied < count) {
            int read = from.read(buffer, 0, (int) Math.min(buffer.length, count - copied));
            if (read < 0) {
                break;
            }
            if (body.size() < MAX_BODY) {
                body.write(buffer, 0, Math.min(read, MAX_BODY - body.size()));
            }
            copied += read;
        }
        return copied;
    }

    /** The answer's stream, refusing to read past the whole answer's deadline (each read has the socket's timeout). */
    private final class Deadlined extends FilterInputStream {

        Deadlined(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            checkDeadline();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkDeadline();
            return super.read(b, off, len);
        }
    }

    private void checkDeadline() throws IOException {
        if (System.nanoTime() > answerDeadline) {
            throw new java.net.SocketTimeoutException("an answer took longer than " + TIMEOUT_MILLIS + " ms");
        }
    }
}
