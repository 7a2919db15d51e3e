package dev.envtest.plugin.webhooks;

import dev.envtest.plugin.pki.TlsContexts;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One TLS handshake with a webhook server as the API server makes it: to {@code 127.0.0.1:<port>}, trusting only the
 * run's CA, with the address checked against the certificate's names. A server that is up but serves something else
 * (plain HTTP, another certificate) or nothing (a port proxy that accepts and closes) fails with what was seen.
 */
public final class TlsHandshakeProbe {

    /** The outcome of one attempt: {@code ok}, or what went wrong in words. */
    public record Result(boolean ok, String detail) {
    }

    private static final int TIMEOUT_MILLIS = 2_000;
    private final SSLContext context;

    public TlsHandshakeProbe(X509Certificate ca) {
        context = TlsContexts.trustingOnly(List.of(ca));
    }

    public Result attempt(String host, int port) {
        String target = host + ":" + port;
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            raw.setSoTimeout(TIMEOUT_MILLIS);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, false)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                return new Result(true, "TLS handshake with " + target + " verified against the run's CA ("
                        + tls.getSession().getProtocol() + ")");
            }
        } catch (ConnectException e) {
            return new Result(false, "connection to " + target + " refused: nothing listens there");
        } catch (SocketTimeoutException e) {
            return new Result(false, "no TLS answer from " + target + " within " + TIMEOUT_MILLIS + " ms");
        } catch (SSLHandshakeException e) {
            String m = String.valueOf(e.getMessage());
            if (e.getCause() instanceof EOFException || m.contains("Remote host terminated") || m.contains("closed")) {
                return new Result(false, "the connection to " + target + " was closed during the TLS handshake (a port"
                        + " proxy accepts and closes when nothing listens behind it)");
            }
            return new Result(false, "TLS handshake with " + target + " failed: " + m);
        } catch (javax.net.ssl.SSLException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Unsupported or unrecognized SSL message")) {
                return new Result(false, target + " answered, but not with TLS (plain HTTP?)");
            }
            return new Result(false, "TLS with " + target + " failed: " + m);
        } catch (SocketException | EOFException e) {
            return new Result(false, "the connection to " + target + " was closed during the TLS handshake (" + e.getMessage()
                    + "; a port proxy accepts and closes when nothing listens behind it)");
        } catch (IOException e) {
            return new Result(false, target + ": " + e.getMessage());
        }
    }
}
