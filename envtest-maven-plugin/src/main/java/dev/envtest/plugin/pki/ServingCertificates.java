package dev.envtest.plugin.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server's serving certificate, fetched with a handshake that trusts only the given CA (or the JDK's default
 * trust when there is none), and whether it covers a name: what a client dialling that name would verify. JDK only.
 */
public final class ServingCertificates {

    private ServingCertificates() {
    }

    /** The leaf certificate {@code host:port} presents, verified against {@code caPem}; a failed handshake throws. */
    public static X509Certificate fetch(String host, int port, Optional<String> caPem, Duration timeout) throws IOException {
        SSLContext context = caPem.map(ServingCertificates::trusting).orElseGet(ServingCertificates::defaultContext);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return (X509Certificate) chain[0];
        }
    }

    /**
     * Whether {@code certificate} has a subject alternative name for {@code name}: an IP SAN equal to it when it is an IP
     * literal, else a DNS SAN equal to it (case-insensitive) or a wildcard {@code *.rest} matching one leftmost label.
     */
    public static boolean covers(X509Certificate certificate, String name) {
        String n = name.replaceAll("^\\[|\\]$", "");
        boolean ip = isIpLiteral(n);
        for (String[] san : names(certificate)) {
            if (ip && "7".equals(san[0]) && sameAddress(san[1], n)) {
                return true;
            }
            if (!ip && "2".equals(san[0]) && dnsMatches(san[1], n)) {
                return true;
            }
        }
        return false;
    }

    /** The certificate's DNS and IP SANs, for messages. */
    public static List<String> describeNames(X509Certificate certificate) {
        List<String> out = new ArrayList<>();
        for (String[] san : names(certificate)) {
            out.add(("7".equals(san[0]) ? "IP:" : "DNS:") + san[1]);
        }
        return out;
    }

    private static List<String[]> names(X509Certificate certificate) {
        List<String[]> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    if ((Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) && san.get(1) instanceof String value) {
                        out.add(new String[] {String.valueOf(type), value});
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new PkiException("could not read the certificate's names: " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean dnsMatches(String san, String name) {
        String s = san.toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        if (s.startsWith("*.")) {
            int dot = n.indexOf('.');
            return dot > 0 && n.substring(dot).equals(s.substring(1));
        }
        return s.equals(n);
    }

    static boolean isIpLiteral(String name) {
        return name.matches("[0-9.]+") && name.chars().filter(c -> c == '.').count() == 3 || name.contains(":");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // literals only: InetAddress.getByName does no lookup for an IP literal
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static SSLContext trusting(String caPem) {
        List<? extends Certificate> cas;
        try {
            cas = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.UTF_8))));
        } catch (GeneralSecurityException e) {
            throw new PkiException("could not read the CA certificate: " + e.getMessage(), e);
        }
        if (cas.isEmpty()) {
            throw new PkiException("the CA holds no certificate", null);
        }
        return TlsContexts.trustingOnly(cas);
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new PkiException("no default TLS context: " + e.getMessage(), e);
        }
    }
}
