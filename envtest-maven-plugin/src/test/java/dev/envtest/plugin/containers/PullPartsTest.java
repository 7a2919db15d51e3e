package dev.envtest.plugin.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.envtest.plugin.registry.ImageName;
import dev.envtest.plugin.registry.RegistryCredential;
import dev.envtest.plugin.registry.RegistryCredentials;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PullPartsTest {

    @Test
    void progressIsReportedAtMostEveryTwoSeconds() {
        AtomicLong now = new AtomicLong(0);
        List<String> lines = new ArrayList<>();
        PullProgress p = new PullProgress("r/x:1", lines::add, now::get);
        p.event("a", "Pulling fs layer", 0, 0);
        p.event("b", "Pulling fs layer", 0, 0);
        p.event("a", "Downloading", 10_000_000, 40_000_000);
        now.set(1_000_000_000L);
        p.event("a", "Downloading", 20_000_000, 40_000_000);
        assertTrue(lines.isEmpty(), "nothing within the first 2 s");
        now.set(2_100_000_000L);
        p.event("a", "Downloading", 30_000_000, 40_000_000);
        now.set(2_200_000_000L);
        p.event("b", "Download complete", 0, 0);
        assertEquals(List.of("  pulling r/x:1: 30.0 of 40.0 MB, 0 of 2 layers done"), lines);
        p.event("a", "Download complete", 0, 0);
        assertEquals("40.0 of 40.0 MB, 2 of 2 layers done", p.summary());
    }

    @Test
    void registryAuthHeaderIsTheDockerApisBase64UrlJson() throws Exception {
        String header = EnginePull.registryAuth(RegistryCredential.of("127.0.0.1:5443", "u", "p?>", "test"));
        Map<?, ?> decoded = new ObjectMapper().readValue(Base64.getUrlDecoder().decode(header), Map.class);
        assertEquals(Map.of("username", "u", "password", "p?>", "serveraddress", "127.0.0.1:5443"), decoded);
    }

    @Test
    void pullFailuresNameTheFix() {
        ImageName image = ImageName.parse("127.0.0.1:5443/envtest/redis:7");
        RegistryCredentials.Lookup none = new RegistryCredentials.Lookup(Optional.empty(), List.of("settings.xml: no <server> with id 127.0.0.1:5443"));
        String anon = PullFailure.message("redis", image, "reading manifest 7 in 127.0.0.1:5443/envtest/redis: unauthorized: authentication required",
                none, true, false);
        assertTrue(anon.contains("no credentials were found") && anon.contains("<server><id>127.0.0.1:5443</id>"), anon);

        RegistryCredentials.Lookup used = new RegistryCredentials.Lookup(Optional.of(RegistryCredential.of("127.0.0.1:5443", "envtest",
                "wrong-secret", "settings.xml server '127.0.0.1:5443'")), List.of());
        String wrong = PullFailure.message("redis", image, "unauthorized: authentication required", used, true, false);
        assertTrue(wrong.contains("user envtest from settings.xml server '127.0.0.1:5443'") && wrong.contains("correct the password"), wrong);
        assertFalse(wrong.contains("wrong-secret"), wrong);

        String tls = PullFailure.message("redis", ImageName.parse("localhost:5443/envtest/redis:7"),
                "pinging container registry localhost:5443: Get \"https://localhost:5443/v2/\": x509: certificate signed by unknown authority",
                none, true, false);
        assertTrue(tls.contains("/etc/containers/certs.d/localhost:5443/ca.crt"), tls);

        String tag = PullFailure.message("redis", ImageName.parse("127.0.0.1:5443/envtest/redis:nope"),
                "reading manifest nope in 127.0.0.1:5443/envtest/redis: manifest unknown: manifest unknown", used, true, false);
        assertTrue(tag.contains("has no image envtest/redis with tag nope") && tag.contains("/v2/envtest/redis/tags/list"), tag);

        assertEquals(PullFailure.Kind.OTHER, PullFailure.classify("pulling sha256:40123abc failed: connection reset"));
    }
}
