package dev.envtest.plugin.pki;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The few DER encodings (ITU-T X.690) an X.509 certificate is made of. Certificates are built with these and the
 * JDK's signature, so that no certificate library has to be loaded on the API server's critical path (loading
 * BouncyCastle's classes for one CA took 240–280 ms of a 330 ms PKI on an idle machine, and up to a second under load).
 */
final class Der {

    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int IA5_STRING = 0x16;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private Der() {
    }

    /** A tag, its definite length, and the content. */
    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... items) {
        return tlv(SEQUENCE, concat(items));
    }

    /** A SET OF; DER orders its members, which the single-member sets of a name never need. */
    static byte[] set(byte[] item) {
        return tlv(SET, item);
    }

    static byte[] integer(BigInteger value) {
        // two's complement, minimal: exactly DER's INTEGER content
        return tlv(INTEGER, value.toByteArray());
    }

    static byte[] booleanTrue() {
        return tlv(BOOLEAN, new byte[] {(byte) 0xff});
    }

    static byte[] octetString(byte[] content) {
        return tlv(OCTET_STRING, content);
    }

    /** A BIT STRING of whole bytes. */
    static byte[] bitString(byte[] content) {
        return bitString(content, 0);
    }

    static byte[] bitString(byte[] content, int unusedBits) {
        byte[] body = new byte[content.length + 1];
        body[0] = (byte) unusedBits;
        System.arraycopy(content, 0, body, 1, content.length);
        return tlv(BIT_STRING, body);
    }

    static byte[] utf8String(String value) {
        return tlv(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] objectIdentifier(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, Long.parseLong(parts[0]) * 40 + Long.parseLong(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            writeBase128(out, Long.parseLong(parts[i]));
        }
        return tlv(OBJECT_IDENTIFIER, out.toByteArray());
    }

    /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, both to the second in UTC. */
    static byte[] time(Instant instant) {
        int year = instant.atZone(ZoneOffset.UTC).getYear();
        if (year >= 1950 && year < 2050) {
            return tlv(UTC_TIME, UTC_TIME_FORMAT.format(instant).getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(GENERALIZED_TIME, GENERALIZED_TIME_FORMAT.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code [number] EXPLICIT}: the encoding wrapped in a constructed context-specific tag. */
    static byte[] explicit(int number, byte[] encoding) {
        return tlv(0xa0 | number, encoding);
    }

    /** {@code [number] IMPLICIT} of a primitive type: its content under a context-specific tag. */
    static byte[] implicitPrimitive(int number, byte[] content) {
        return tlv(0x80 | number, content);
    }

    /** The content of the BIT STRING that a SubjectPublicKeyInfo ends with (the key itself, as RFC 5280's key ids hash it). */
    static byte[] subjectPublicKey(byte[] subjectPublicKeyInfo) {
        int[] outer = header(subjectPublicKeyInfo, 0, SEQUENCE);
        int[] algorithm = header(subjectPublicKeyInfo, outer[0], SEQUENCE);
        int[] key = header(subjectPublicKeyInfo, algorithm[0] + algorithm[1], BIT_STRING);
        // skip the unused-bits byte (always 0 for a key)
        int from = key[0] + 1;
        byte[] bits = new byte[key[1] - 1];
        System.arraycopy(subjectPublicKeyInfo, from, bits, 0, bits.length);
        return bits;
    }

    /** Reads the header at {@code offset}: {content offset, content length}; refuses another tag. */
    private static int[] header(byte[] der, int offset, int expectedTag) {
        if ((der[offset] & 0xff) != expectedTag) {
            throw new PkiException("unexpected DER tag " + (der[offset] & 0xff) + " where " + expectedTag + " belongs", null);
        }
        int first = der[offset + 1] & 0xff;
        if (first < 0x80) {
            return new int[] {offset + 2, first};
        }
        int bytes = first & 0x7f;
        int length = 0;
        for (int i = 0; i < bytes; i++) {
            length = (length << 8) | (der[offset + 2 + i] & 0xff);
        }
        return new int[] {offset + 2 + bytes, length};
    }

    static byte[] concat(byte[]... items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] item : items) {
            out.writeBytes(item);
        }
        return out.toByteArray();
    }

    private static void writeBase128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = (int) ((value >>> (7 * i)) & 0x7f);
            out.write(i == 0 ? group : group | 0x80);
        }
    }
}
