package dev.envtest.it.identities;

import static dev.envtest.it.identities.ReferenceIdentities.ALL;
import static dev.envtest.it.identities.ReferenceIdentities.username;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.junit.Envtest;
import dev.envtest.junit.EnvtestClient;
import dev.envtest.junit.EnvtestExtension;
import dev.envtest.junit.ServiceAccountCredentials;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the reference service does with a caller's bearer token: a TokenReview with only spec.token. */
@ExtendWith(EnvtestExtension.class)
class TokenReviewIT {

    private static final Envtest envtest = Envtest.load();
    @EnvtestClient
    static KubernetesClient admin;

    private static TokenReview review(String token) {
        return admin.authentication().v1().tokenReviews().create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-storage-sa", "reader-client", "writer-client", "no-access-client"})
    void eachTokenAuthenticatesAsItsServiceAccount(String sa) throws Exception {
        ServiceAccountCredentials credentials = envtest.serviceAccount(sa);
        String token = credentials.token();
        assertTrue(token.equals(Files.readString(credentials.tokenFile())), "the token file holds the same token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.tokenFile())));
        assertEquals(username(sa), credentials.username());

        TokenReview review = review(token);
        assertTrue(review.getStatus().getAuthenticated(), "authenticated: " + review.getStatus());
        assertEquals(username(sa), review.getStatus().getUser().getUsername());
        assertTrue(review.getStatus().getUser().getGroups().contains("system:serviceaccounts:default"), review.getStatus().getUser().getGroups().toString());
        assertTrue(review.getStatus().getAudiences().contains("https://kubernetes.default.svc.cluster.local"),
                "no audiences requested: the API server's own");
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-storage-sa", "no-access-client"})
    void aTamperedTokenDoesNotAuthenticate(String sa) {
        String token = envtest.serviceAccount(sa).token();
        // change one character of the JWT's payload (a valid base64url character for another): the signature no longer matches
        int i = token.indexOf('.') + 10;
        String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
        assertFalse(token.equals(tampered), "one character changed");
        TokenReview review = review(tampered);
        assertFalse(Boolean.TRUE.equals(review.getStatus().getAuthenticated()), "tampered token authenticated: " + review.getStatus());
        assertTrue(review.getStatus().getUser() == null || review.getStatus().getUser().getUsername() == null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-storage-sa", "writer-client"})
    void expiryIsAsConfigured(String sa) {
        Instant expires = envtest.serviceAccount(sa).tokenExpiration();
        Duration left = Duration.between(Instant.now(), expires);
        Duration configured = sa.equals("writer-client") ? Duration.ofHours(2) : Duration.ofHours(24);
        assertTrue(left.compareTo(configured) <= 0 && left.compareTo(configured.minusMinutes(15)) > 0,
                sa + " expires in " + left + ", configured " + configured);
    }

    @org.junit.jupiter.api.Test
    void everyDeclaredServiceAccountWasExported() {
        for (String sa : ALL) {
            assertEquals(sa, envtest.serviceAccount(sa).name());
            assertEquals("default", envtest.serviceAccount(sa).namespace());
        }
        assertEquals(ALL.stream().sorted().toList(), envtest.serviceAccounts(), "no more than the declared ones");
    }
}
