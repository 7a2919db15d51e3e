package dev.envtest.plugin.identities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.text.Placeholders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookClientConfigsTest {

    @TempDir
    Path dir;

    private List<ManifestDocument> read(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("m.yaml"), yaml);
        return new ManifestReader(new Placeholders(Map.of()), Reporter.silent()).read(file);
    }

    private static final String CONFIGS = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata: {name: v}
            webhooks:
            - name: a.example.dev
              clientConfig:
                service: {name: webhook-service, namespace: system, path: /validate}
                caBundle: ""
              failurePolicy: Ignore
            - name: b.example.dev
              clientConfig:
                url: https://elsewhere.example:443/x
            ---
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.dev}
            spec:
              group: example.dev
              conversion:
                strategy: Webhook
                webhook:
                  clientConfig:
                    service: {name: webhook-service}
                  conversionReviewVersions: [v1]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c}
            """;

    @Test
    void findsTheServicesOfWebhookConfigurationsAndConversionWebhooks() throws IOException {
        List<WebhookClientConfigs.ServiceReference> refs = WebhookClientConfigs.references(read(CONFIGS));
        assertEquals(2, refs.size(), "a url and a ConfigMap are no references: " + refs);
        assertEquals("webhooks[0] (a.example.dev)", refs.get(0).where());
        assertEquals("webhook-service.system.svc", refs.get(0).serviceDnsName());
        assertEquals("/validate", refs.get(0).path());
        assertEquals("spec.conversion.webhook", refs.get(1).where());
        assertEquals("default", refs.get(1).namespace(), "namespace defaults to default");
        assertEquals("/", refs.get(1).path(), "path defaults to /");
    }

    @Test
    @SuppressWarnings("unchecked")
    void rewritesKnownServicesToTheUrlAndTheCaAndLeavesTheRestAsWritten() throws IOException {
        List<ManifestDocument> docs = read(CONFIGS);
        ManifestDocument original = docs.get(0);
        ManifestDocument rewritten = WebhookClientConfigs.rewrite(original,
                name -> name.equals("webhook-service") ? Optional.of("https://127.0.0.1:40000") : Optional.empty(), "CA-PEM");
        List<Map<String, Object>> webhooks = (List<Map<String, Object>>) rewritten.content().get("webhooks");
        Map<String, Object> cc = (Map<String, Object>) webhooks.get(0).get("clientConfig");
        assertEquals("https://127.0.0.1:40000/validate", cc.get("url"));
        assertFalse(cc.containsKey("service"));
        assertEquals("CA-PEM", new String(Base64.getDecoder().decode((String) cc.get("caBundle")), StandardCharsets.US_ASCII));
        assertEquals("Ignore", webhooks.get(0).get("failurePolicy"), "failurePolicy as written");
        assertEquals(Map.of("url", "https://elsewhere.example:443/x"), webhooks.get(1).get("clientConfig"), "a url is kept");
        Map<String, Object> originalCc = (Map<String, Object>) ((List<Map<String, Object>>) original.content().get("webhooks")).get(0).get("clientConfig");
        assertTrue(originalCc.containsKey("service"), "the document itself is not changed");

        ManifestDocument crd = WebhookClientConfigs.rewrite(docs.get(1), n -> Optional.of("https://127.0.0.1:1"), "CA");
        Map<String, Object> conversion = (Map<String, Object>) ((Map<String, Object>) crd.content().get("spec")).get("conversion");
        Map<String, Object> webhook = (Map<String, Object>) conversion.get("webhook");
        assertEquals("https://127.0.0.1:1/", ((Map<String, Object>) webhook.get("clientConfig")).get("url"));
        assertEquals(List.of("v1"), webhook.get("conversionReviewVersions"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCrdWithoutItsConversionWebhookConvertsNothing() throws IOException {
        ManifestDocument crd = read(CONFIGS).get(1);
        ManifestDocument none = WebhookClientConfigs.withoutConversionWebhook(crd);
        assertEquals(Map.of("strategy", "None"), ((Map<String, Object>) none.content().get("spec")).get("conversion"));
        assertEquals("example.dev", ((Map<String, Object>) none.content().get("spec")).get("group"));
        assertTrue(WebhookClientConfigs.references(List.of(none)).isEmpty());
    }

    @Test
    void aServiceWithoutANameIsAnError() throws IOException {
        List<ManifestDocument> docs = read("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: MutatingWebhookConfiguration
                metadata: {name: m}
                webhooks:
                - name: a.example.dev
                  clientConfig:
                    service: {namespace: system}
                """);
        IdentitiesException e = assertThrows(IdentitiesException.class, () -> WebhookClientConfigs.references(docs));
        assertTrue(e.getMessage().contains("webhooks[0] (a.example.dev).clientConfig.service has no name. Fix:"), e.getMessage());
    }
}
