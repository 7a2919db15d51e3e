package dev.envtest.plugin.binaries;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * GETs over {@code http(s)} through the configured proxy (following redirects, but never from https to http), or
 * reads {@code file:} URLs. Every failure is a {@link BinaryDownloadException} naming the URL and the cause.
 */
public final class HttpFetcher {

    private static final int MAX_REDIRECTS = 10;
    private final HttpProxy.Lookup proxies;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    public HttpFetcher(HttpProxy.Lookup proxies) {
        this(proxies, 30_000, 60_000);
    }

    public HttpFetcher(HttpProxy.Lookup proxies, int connectTimeoutMillis, int readTimeoutMillis) {
        this.proxies = proxies;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** The body as UTF-8 text; {@code what} names the thing for errors ("release index (indexUrl)"). */
    public Text fetchText(URI uri, String what, int maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Fetched fetched = fetch(uri, what, out, maxBytes, DownloadProgress.SILENT);
        return new Text(fetched.finalUri(), new String(out.toByteArray(), StandardCharsets.UTF_8));
    }

    /** A text body and the URL it finally came from (after redirects; relative links resolve against it). */
    public record Text(URI finalUri, String body) {
    }

    /** Streams the body into {@code target} while computing its SHA-512. */
    public Fetched download(URI uri, Path target, String what) {
        return download(uri, target, what, DownloadProgress.SILENT);
    }

    /** The same, telling {@code progress} how far it is. */
    public Fetched download(URI uri, Path target, String what, DownloadProgress progress) {
        try (OutputStream out = Files.newOutputStream(target)) {
            return fetch(uri, what, out, Long.MAX_VALUE, progress);
        } catch (IOException e) {
            throw new BinaryDownloadException("could not write " + target + " while downloading " + what + ": " + e.getMessage(), e);
        }
    }

    /** What a GET delivered: the final URL (after redirects), the byte count and the body's SHA-512 in lower-case hex. */
    public record Fetched(URI finalUri, long bytes, String sha512) {
    }

    private Fetched fetch(URI uri, String what, OutputStream out, long maxBytes, DownloadProgress progress) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            try (InputStream in = Files.newInputStream(Path.of(uri))) {
                return copy(uri, in, out, -1, maxBytes, what, progress);
            } catch (NoSuchFileException e) {
                throw new BinaryDownloadException(what + ": " + uri + " does not exist.");
            } catch (IOException e) {
                throw new BinaryDownloadException(what + ": could not read " + uri + ": " + e.getMessage(), e);
            }
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BinaryDownloadException(what + ": " + uri + " is not an http, https or file URL.");
        }
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection connection = open(current, what);
            try {
                int status = connection.getResponseCode();
                if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                    String location = connection.getHeaderField("Location");
                    if (location == null) {
                        throw new BinaryDownloadException(what + ": " + current + " answered HTTP " + status + " without a Location header.");
                    }
                    URI next = current.resolve(location.trim());
                    if ("https".equalsIgnoreCase(current.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                        throw new BinaryDownloadException(what + ": " + current + " redirects from https to " + next
                                + ", which is refused. Fix: point the index at an https mirror.");
                    }
                    current = next;
                    continue;
                }
                if (status != HttpURLConnection.HTTP_OK) {
                    throw new BinaryDownloadException(what + ": " + current + " answered HTTP " + status + " "
                            + Optional.ofNullable(connection.getResponseMessage()).orElse("") + hint(status));
                }
                long length = connection.getContentLengthLong();
                try (InputStream in = connection.getInputStream()) {
                    return copy(current, in, out, length, maxBytes, what, progress);
                }
            } catch (SocketTimeoutException e) {
                throw new BinaryDownloadException(what + ": no answer from " + current + " within "
                        + (readTimeoutMillis / 1000) + " s" + proxyNote(current) + ".", e);
            } catch (UnknownHostException e) {
                throw new BinaryDownloadException(what + ": cannot resolve the host of " + current + proxyNote(current)
                        + ". Fix: configure your proxy in ~/.m2/settings.xml, point indexUrl at a reachable mirror, use"
                        + " binaryArtifact from your Maven repository, or install the binaries and run offline.", e);
            } catch (ConnectException e) {
                throw new BinaryDownloadException(what + ": cannot connect to " + current + proxyNote(current) + " ("
                        + e.getMessage() + "). Fix: check the URL, configure your proxy in ~/.m2/settings.xml, or point"
                        + " indexUrl at a reachable mirror.", e);
            } catch (IOException e) {
                throw new BinaryDownloadException(what + ": reading " + current + " failed" + proxyNote(current) + ": "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
            } finally {
                connection.disconnect();
            }
        }
        throw new BinaryDownloadException(what + ": more than " + MAX_REDIRECTS + " redirects starting at " + uri + ".");
    }

    private static String hint(int status) {
        return switch (status) {
            case 404 -> ". Fix: check the URL; a mirror must serve the index and every archive it links.";
            case 401, 403 -> ". Fix: the server refuses this request; a mirror that needs credentials is better reached through"
                    + " binaryArtifact and your Maven repository.";
            case 407 -> ". Fix: the proxy wants credentials: set <username>/<password> on the proxy in ~/.m2/settings.xml.";
            default -> ".";
        };
    }

    private String proxyNote(URI uri) {
        return proxies.proxyFor(uri).map(p -> " (through proxy " + p + ")").orElse("");
    }

    private HttpURLConnection open(URI uri, String what) {
        try {
            Optional<HttpProxy> proxy = proxies.proxyFor(uri);
            HttpURLConnection connection = (HttpURLConnection) (proxy.isPresent()
                    ? uri.toURL().openConnection(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.get().host(), proxy.get().port())))
                    : uri.toURL().openConnection(Proxy.NO_PROXY));
            proxy.filter(HttpProxy::authenticated).ifPresent(p -> connection.setAuthenticator(new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return getRequestorType() == RequestorType.PROXY
                            ? new PasswordAuthentication(p.username(), p.password().toCharArray()) : null;
                }
            }));
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            connection.setRequestProperty("User-Agent", "envtest-maven-plugin");
            connection.setRequestProperty("Accept-Encoding", "identity");
            connection.setUseCaches(false);
            return connection;
        } catch (IOException | IllegalArgumentException e) {
            throw new BinaryDownloadException(what + ": cannot open " + uri + ": " + e.getMessage(), e);
        }
    }

    private static Fetched copy(URI uri, InputStream in, OutputStream out, long expected, long maxBytes, String what,
            DownloadProgress progress) throws IOException {
        MessageDigest sha512 = sha512();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                throw new BinaryDownloadException(what + ": the download of " + uri + " broke off after " + total
                        + (expected >= 0 ? " of " + expected : "") + " bytes (" + e.getMessage() + "). Fix: retry; if it"
                        + " persists, check the proxy or mirror.", e);
            }
            if (n == -1) {
                break;
            }
            total += n;
            if (total > maxBytes) {
                throw new BinaryDownloadException(what + ": " + uri + " is larger than " + maxBytes + " bytes; is it the right URL?");
            }
            sha512.update(buffer, 0, n);
            out.write(buffer, 0, n);
            progress.bytes(total, expected);
        }
        if (expected >= 0 && total != expected) {
            throw new BinaryDownloadException(what + ": the download of " + uri + " is truncated: " + total + " of "
                    + expected + " bytes arrived. Fix: retry; if it persists, check the proxy or mirror.");
        }
        return new Fetched(uri, total, HexFormat.of().formatHex(sha512.digest()));
    }

    static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-512", e);
        }
    }
}
