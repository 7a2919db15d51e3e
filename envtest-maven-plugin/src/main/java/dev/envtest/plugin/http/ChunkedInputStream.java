package dev.envtest.plugin.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * A body sent with the chunked transfer coding (RFC 9112, 7.1), decoded. At its end the trailer fields are read up to
 * the empty line, so a kept-alive connection is left at the next answer. Closing it closes nothing underneath.
 */
public final class ChunkedInputStream extends InputStream {

    private final InputStream in;
    private long left;
    private boolean first = true;
    private boolean end;

    public ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    /** Whether there is a byte to read, reading the next chunk's size line where the last chunk ended. */
    private boolean more() throws IOException {
        if (end) {
            return false;
        }
        if (left == 0) {
            if (!first && !AnswerHead.line(in).isEmpty()) {
                throw new IOException("a chunk did not end with CRLF");
            }
            first = false;
            String size = AnswerHead.line(in);
            int extensions = size.indexOf(';');
            try {
                left = Long.parseLong((extensions >= 0 ? size.substring(0, extensions) : size).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("not a chunk size: " + size);
            }
            if (left < 0) {
                throw new IOException("not a chunk size: " + size);
            }
            if (left == 0) {
                end = true;
                try {
                    while (!AnswerHead.line(in).isEmpty()) {
                        // a trailer field: not used
                    }
                } catch (java.io.EOFException closed) {
                    // the body is complete; a server that closes without the final CRLF loses nothing
                }
                return false;
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if (!more()) {
            return -1;
        }
        int c = in.read();
        if (c < 0) {
            throw new java.io.EOFException("the connection ended inside a chunk");
        }
        left--;
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!more()) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
            throw new java.io.EOFException("the connection ended inside a chunk");
        }
        left -= n;
        return n;
    }

    @Override
    public void close() {
        // the connection underneath belongs to the caller
    }
}
