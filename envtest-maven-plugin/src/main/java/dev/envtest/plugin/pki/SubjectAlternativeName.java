package dev.envtest.plugin.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One subject alternative name of a serving certificate: an IP address (v4 or v6) or a DNS name.
 * A TLS client verifies the host of the URL it dials against these.
 */
public record SubjectAlternativeName(String value, boolean ip) {

    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    /** Parses an IP literal (brackets around IPv6 allowed) or a DNS name; anything else is refused. */
    public static SubjectAlternativeName parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("an empty subject alternative name");
        }
        String text = raw.trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        if (isIpLiteral(text)) {
            try {
                return new SubjectAlternativeName(InetAddress.getByName(text).getHostAddress(), true);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + raw + "' is not a valid IP address", e);
            }
        }
        String dns = text.toLowerCase(Locale.ROOT);
        if (dns.length() > 253 || !DNS_NAME.matcher(dns).matches()) {
            throw new IllegalArgumentException("'" + raw + "' is neither an IP address nor a valid DNS name");
        }
        return new SubjectAlternativeName(dns, false);
    }

    static boolean isIpLiteral(String text) {
        return text.contains(":") || text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** The GeneralName (RFC 5280 4.2.1.6): dNSName [2] IA5String or iPAddress [7] of 4 or 16 bytes. */
    byte[] toGeneralName() {
        if (!ip) {
            return Der.implicitPrimitive(2, value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        try {
            // a literal: no name lookup happens
            return Der.implicitPrimitive(7, InetAddress.getByName(value.replaceAll("%.*$", "")).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + value + "' is not a valid IP address", e);
        }
    }

    @Override
    public String toString() {
        return (ip ? "IP:" : "DNS:") + value;
    }
}
