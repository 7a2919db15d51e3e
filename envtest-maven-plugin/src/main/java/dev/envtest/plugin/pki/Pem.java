package dev.envtest.plugin.pki;

import java.io.IOException;
import java.util.Base64;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Set;

/** PEM encoding, and writing key material to files that only the owner may read. */
public final class Pem {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_WRITE_ALL_READ = PosixFilePermissions.fromString("rw-r--r--");

    /** prime256v1 (secp256r1, NIST P-256). */
    private static final String P256_OID = "1.2.840.10045.3.1.7";
    private static final int P256_BYTES = 32;
    /** The order n of P-256's base point (FIPS 186-4, D.1.2.3): it names the curve among those the JDK makes. */
    private static final BigInteger P256_ORDER = new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    private Pem() {
    }

    /** A certificate's DER encoding as PEM ("BEGIN CERTIFICATE"). */
    public static String encodeCertificate(byte[] der) {
        return write("CERTIFICATE", der);
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY"): read by Go's crypto/tls, kube-apiserver and Java alike. */
    public static String encodePrivateKey(PrivateKey key) {
        return write("PRIVATE KEY", key.getEncoded());
    }

    /**
     * RFC 5915 ("BEGIN EC PRIVATE KEY") with the curve's name and the public key, as OpenSSL and Go's
     * {@code x509.MarshalECPrivateKey} write it: the one form of an EC key that fabric8 reads from a kubeconfig without
     * being told the algorithm (it takes a PKCS#8 key for RSA; a Config built in code with a key file needs
     * {@code clientKeyAlgo("EC")}), and one that client-go, kubectl, OpenSSL and Python read.
     * Only P-256 keys, the only curve the plugin uses.
     */
    public static String encodeEcPrivateKey(ECPrivateKey key, ECPublicKey publicKey) {
        if (!key.getParams().getOrder().equals(P256_ORDER)) {
            throw new PkiException("only P-256 keys are written as EC PRIVATE KEY, not one on a "
                    + key.getParams().getCurve().getField().getFieldSize() + "-bit curve of another order", null);
        }
        byte[] point = Der.concat(new byte[] {0x04}, unsigned(publicKey.getW().getAffineX()), unsigned(publicKey.getW().getAffineY()));
        byte[] der = Der.sequence(
                Der.integer(BigInteger.ONE),
                Der.octetString(unsigned(key.getS())),
                Der.explicit(0, Der.objectIdentifier(P256_OID)),
                Der.explicit(1, Der.bitString(point)));
        return write("EC PRIVATE KEY", der);
    }

    /** A P-256 field element or scalar as exactly 32 big-endian bytes (RFC 5915 and SEC 1 fix the length). */
    private static byte[] unsigned(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[P256_BYTES];
        int copy = Math.min(raw.length, P256_BYTES);
        System.arraycopy(raw, raw.length - copy, fixed, P256_BYTES - copy, copy);
        return fixed;
    }

    /** SubjectPublicKeyInfo ("BEGIN PUBLIC KEY"). */
    public static String encodePublicKey(Key key) {
        return write("PUBLIC KEY", key.getEncoded());
    }

    /** Writes a file that holds a secret: created with mode 0600 where the file system has POSIX modes. */
    public static Path writeSecret(Path file, String content) {
        return writeWithMode(file, content, OWNER_ONLY);
    }

    /** Writes a file that anyone may read (certificates, public keys). */
    public static Path writePublic(Path file, String content) {
        return writeWithMode(file, content, OWNER_WRITE_ALL_READ);
    }

    private static Path writeWithMode(Path file, String content, Set<PosixFilePermission> mode) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(mode));
            }
            Files.writeString(file, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            if (posix) {
                Files.setPosixFilePermissions(file, mode);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** RFC 7468: the label's BEGIN line, the DER in base64 lines of 64 characters, the END line. */
    private static String write(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
