package dev.envtest.it.datastorage;

import static dev.envtest.it.datastorage.DataStorage.send;
import static dev.envtest.it.datastorage.DataStorage.token;
import static dev.envtest.it.datastorage.DataStorage.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.junit.EnvtestClient;
import dev.envtest.junit.EnvtestExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference DataStorage auth contract, from the host through the published API port, against the stand-in
 * running in a container on the build's bridge network: it validates every token with a TokenReview and every
 * request with a SubjectAccessReview against the envtest API server, over TLS it verifies. The same suite runs
 * against the instance given a kubeconfig and the one given the in-cluster bundle.
 */
@ExtendWith(EnvtestExtension.class)
class AuthContractIT {

    private static final String RECORDS = "/api/v1/records";

    private static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), response.headers().map().toString());
        assertTrue(response.body().contains("\"type\":\"urn:envtest-fixtures:datastorage:problem:" + slug + "\""), response.body());
    }

    @ParameterizedTest
    @MethodSource("dev.envtest.it.datastorage.DataStorage#instances")
    void noTokenIs401(String instance) {
        HttpResponse<String> response = send("GET", url(instance, 8080) + RECORDS, null, null);
        assertProblem(response, 401, "unauthorized");
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), response.headers().map().toString());
    }

    @ParameterizedTest
    @MethodSource("dev.envtest.it.datastorage.DataStorage#instances")
    void garbageTokenIs401(String instance) {
        assertProblem(send("GET", url(instance, 8080) + RECORDS, "Bearer not-a-token", null), 401, "unauthorized");
        String tampered = token("reader-client");
        tampered = tampered.substring(0, tampered.length() - 4) + (tampered.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertProblem(send("GET", url(instance, 8080) + RECORDS, "Bearer " + tampered, null), 401, "unauthorized");
    }

    @ParameterizedTest
    @MethodSource("dev.envtest.it.datastorage.DataStorage#instances")
    void validTokenWithoutRbacIs403(String instance) {
        assertProblem(send("GET", url(instance, 8080) + RECORDS, "Bearer " + token("no-access-client"), null), 403, "forbidden");
    }

    @ParameterizedTest
    @MethodSource("dev.envtest.it.datastorage.DataStorage#instances")
    void readerMayGetButNotPost(String instance) {
        String reader = "Bearer " + token("reader-client");
        HttpResponse<String> get = send("GET", url(instance, 8080) + RECORDS, reader, null);
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().startsWith("["), get.body());
        assertProblem(send("POST", url(instance, 8080) + RECORDS, reader, "{\"name\":\"from-reader\"}"), 403, "forbidden");
    }

    @ParameterizedTest
    @MethodSource("dev.envtest.it.datastorage.DataStorage#instances")
    void writerMayPost(String instance) {
        HttpResponse<String> post = send("POST", url(instance, 8080) + RECORDS, "Bearer " + token("writer-client"), "{\"name\":\"w\"}");
        assertEquals(201, post.statusCode(), post.body());
        assertTrue(post.headers().firstValue("Location").orElse("").startsWith(RECORDS + "/"), post.headers().map().toString());
        HttpResponse<String> read = send("GET", url(instance, 8080) + post.headers().firstValue("Location").orElseThrow(),
                "Bearer " + token("reader-client"), null);
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains("\"name\":\"w\""), read.body());
    }

    /** The service's verdicts are the API server's: the same ServiceAccounts, as fabric8 clients, asking it directly. */
    @Test
    void theApiServerItselfDeniesWhatTheServiceDenies(@EnvtestClient("no-access-client") KubernetesClient noAccess,
            @EnvtestClient("reader-client") KubernetesClient reader) {
        KubernetesClientException denied = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                () -> noAccess.services().inNamespace("default").withName("data-storage-service").get());
        assertEquals(403, denied.getCode(), denied.getMessage());
        // allowed to get it: the API server answers (there is no such Service object here, so fabric8 returns null)
        assertEquals(null, reader.services().inNamespace("default").withName("data-storage-service").get());
        KubernetesClientException readerMayNotList = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                () -> reader.services().inNamespace("default").list());
        assertEquals(403, readerMayNotList.getCode());
    }

    @ParameterizedTest
    @MethodSource("dev.envtest.it.datastorage.DataStorage#instances")
    void aNonBearerSchemeIs401(String instance) {
        assertProblem(send("GET", url(instance, 8080) + RECORDS, "Basic " + token("reader-client"), null), 401, "unauthorized");
    }
}
