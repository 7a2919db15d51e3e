package dev.envtest.plugin.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Key pair generation with the algorithms Kubernetes accepts everywhere we use them. */
public final class KeyPairs {

    private KeyPairs() {
    }

    /** ECDSA on P-256: every certificate's key and the ServiceAccount token signing key (ES256). */
    public static KeyPair ecdsaP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("this JVM cannot generate ECDSA P-256 keys: " + e.getMessage(), e);
        }
    }
}
