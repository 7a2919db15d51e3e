package dev.envtest.plugin.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An HTTP/1.x answer's head: its status line and header fields, read up to the empty line that ends them.
 *
 * @param version "HTTP/1.1" or "HTTP/1.0"
 * @param fields  header fields by lower-case name; a field sent more than once is joined with ", " (RFC 9110, 5.3)
 */
public record AnswerHead(String version, int status, Map<String, String> fields) {

    /** A header line longer than this is refused: nothing the plugin asks answers with one. */
    static final int MAX_LINE = 16 * 1024;

    public AnswerHead {
        fields = Map.copyOf(fields);
    }

    /** Reads a head from {@code in}, leaving {@code in} at the first byte of the body. */
    public static AnswerHead read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !threeDigits(parts[1])) {
            throw new IOException("not an HTTP/1.x answer: " + statusLine);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            fields.merge(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        return new AnswerHead(parts[0], Integer.parseInt(parts[1]), fields);
    }

    private static boolean threeDigits(String s) {
        return s.length() == 3 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * One line without its CRLF (a bare LF ends one too), as ISO-8859-1; an {@link EOFException} when the stream ends
     * before its end.
     */
    public static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException(line.length() == 0 ? "the connection ended before an answer's line"
                        : "the connection ended inside an answer's line");
            }
            if (c != '\r') {
                line.append((char) c);
            }
            if (line.length() > MAX_LINE) {
                throw new IOException("an answer's line is longer than " + MAX_LINE / 1024 + " KiB");
            }
        }
        return line.toString();
    }

    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The comma-separated tokens of a list-valued field ({@code Connection}, {@code Transfer-Encoding}), in lower case. */
    public List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        field(name).ifPresent(v -> {
            for (String t : v.split(",")) {
                if (!t.isBlank()) {
                    tokens.add(t.trim().toLowerCase(Locale.ROOT));
                }
            }
        });
        return tokens;
    }

    public boolean chunked() {
        return tokens("transfer-encoding").contains("chunked");
    }

    public OptionalLong contentLength() {
        return field("content-length").map(v -> OptionalLong.of(Long.parseLong(v.split(",")[0].trim()))).orElse(OptionalLong.empty());
    }

    /** Whether the answer carries no body whatever its fields say: 1xx, 204 and 304 (RFC 9112, 6.3). */
    public boolean bodiless() {
        return status / 100 == 1 || status == 204 || status == 304;
    }

    /**
     * Whether the connection stays open for another request: HTTP/1.1 unless it says {@code close}, HTTP/1.0 only if it
     * says {@code keep-alive}. (An answer whose body ends with the connection closes it in any case.)
     */
    public boolean keepsConnection() {
        List<String> connection = tokens("connection");
        if (connection.contains("close")) {
            return false;
        }
        return version.equals("HTTP/1.1") || connection.contains("keep-alive");
    }

    /** For messages: the status line's first two parts. */
    @Override
    public String toString() {
        return version + " " + status;
    }
}
