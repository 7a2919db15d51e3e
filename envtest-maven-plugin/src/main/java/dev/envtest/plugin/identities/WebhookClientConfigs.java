package dev.envtest.plugin.identities;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code clientConfig}s of webhook configurations ({@code ValidatingWebhookConfiguration},
 * {@code MutatingWebhookConfiguration}) and of CRD conversion webhooks ({@code spec.conversion.webhook}) as the user's
 * manifests write them for a cluster, with {@code service} and an empty {@code caBundle} (filled by cert-manager there),
 * and their rewrite to what the API server here can dial: {@code url: https://127.0.0.1:<port><path>} and
 * {@code caBundle} = the run's CA, as envtest's {@code WebhookInstallOptions} plus cert-manager's {@code inject-ca-from}
 * would do. Documents are never changed in place: a rewrite returns a copy.
 */
public final class WebhookClientConfigs {

    public static final String VALIDATING = "ValidatingWebhookConfiguration";
    public static final String MUTATING = "MutatingWebhookConfiguration";
    private static final String REGISTRATION_GROUP = "admissionregistration.k8s.io";

    private WebhookClientConfigs() {
    }

    /**
     * One {@code clientConfig.service} in a document.
     *
     * @param document  the document
     * @param where     {@code webhooks[0] (vconfigmap.example.dev)} or {@code spec.conversion.webhook}
     * @param service   the Service's name
     * @param namespace its namespace ({@code default} when not written)
     * @param path      the path, {@code /} when not written
     */
    public record ServiceReference(ManifestDocument document, String where, String service, String namespace, String path) {

        /** The in-cluster name a serving certificate carries for this Service. */
        public String serviceDnsName() {
            return service + "." + namespace + ".svc";
        }

        public String describe() {
            return document.describe() + " " + where + ".clientConfig.service " + namespace + "/" + service;
        }
    }

    public static boolean isWebhookConfiguration(ManifestDocument d) {
        return (VALIDATING.equals(d.kind()) || MUTATING.equals(d.kind())) && REGISTRATION_GROUP.equals(d.group());
    }

    /** Every {@code clientConfig.service} of the documents, in document order. */
    public static List<ServiceReference> references(List<ManifestDocument> documents) {
        List<ServiceReference> out = new ArrayList<>();
        for (ManifestDocument d : documents) {
            if (isWebhookConfiguration(d)) {
                List<Object> webhooks = list(d.content().get("webhooks"));
                for (int i = 0; i < webhooks.size(); i++) {
                    Map<String, Object> webhook = map(webhooks.get(i));
                    String where = "webhooks[" + i + "]" + (webhook.get("name") == null ? "" : " (" + webhook.get("name") + ")");
                    reference(d, where, map(webhook.get("clientConfig"))).ifPresent(out::add);
                }
            } else if (ApplyOrder.isCustomResourceDefinition(d)) {
                reference(d, "spec.conversion.webhook", map(conversionWebhook(d.content()).get("clientConfig"))).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<ServiceReference> reference(ManifestDocument d, String where, Map<String, Object> clientConfig) {
        Map<String, Object> service = map(clientConfig.get("service"));
        if (service.isEmpty()) {
            return Optional.empty();
        }
        String name = text(service.get("name"));
        if (name == null) {
            throw new IdentitiesException(d.describe() + " " + where + ".clientConfig.service has no name. Fix: name the Service"
                    + " (the webhook server's container name or alias, or a hostWebhook name).");
        }
        String namespace = Optional.ofNullable(text(service.get("namespace"))).orElse(ServiceAccountSpec.DEFAULT_NAMESPACE);
        String path = Optional.ofNullable(text(service.get("path"))).orElse("/");
        return Optional.of(new ServiceReference(d, where, name, namespace, path.startsWith("/") ? path : "/" + path));
    }

    /**
     * The document with each {@code clientConfig.service} that {@code baseUrl} knows (by Service name) replaced by
     * {@code url: <baseUrl><path>} and {@code caBundle} = {@code caPem}; unknown ones are left as written.
     */
    public static ManifestDocument rewrite(ManifestDocument d, Function<String, Optional<String>> baseUrl, String caPem) {
        Map<String, Object> content = deepCopy(d.content());
        String caBundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
        if (isWebhookConfiguration(d)) {
            for (Object webhook : list(content.get("webhooks"))) {
                rewriteClientConfig(map(webhook), baseUrl, caBundle);
            }
        } else if (ApplyOrder.isCustomResourceDefinition(d)) {
            rewriteClientConfig(conversionWebhook(content), baseUrl, caBundle);
        }
        return new ManifestDocument(d.source(), d.line(), d.index(), content);
    }

    /**
     * The CRD with {@code spec.conversion} set to {@code strategy: None}: what is applied until its conversion webhook's
     * server is ready, so the CRD (and objects in its storage version) exist for the server when it starts.
     */
    public static ManifestDocument withoutConversionWebhook(ManifestDocument crd) {
        Map<String, Object> content = deepCopy(crd.content());
        Map<String, Object> spec = map(content.get("spec"));
        Map<String, Object> none = new LinkedHashMap<>();
        none.put("strategy", "None");
        spec.put("conversion", none);
        return new ManifestDocument(crd.source(), crd.line(), crd.index(), content);
    }

    private static void rewriteClientConfig(Map<String, Object> holder, Function<String, Optional<String>> baseUrl, String caBundle) {
        Map<String, Object> clientConfig = map(holder.get("clientConfig"));
        Map<String, Object> service = map(clientConfig.get("service"));
        String name = text(service.get("name"));
        if (name == null) {
            return;
        }
        Optional<String> base = baseUrl.apply(name);
        if (base.isEmpty()) {
            return;
        }
        String path = Optional.ofNullable(text(service.get("path"))).orElse("/");
        clientConfig.remove("service");
        clientConfig.put("url", base.get() + (path.startsWith("/") ? path : "/" + path));
        clientConfig.put("caBundle", caBundle);
    }

    private static Map<String, Object> conversionWebhook(Map<String, Object> crd) {
        Map<String, Object> conversion = map(map(crd.get("spec")).get("conversion"));
        return "Webhook".equals(conversion.get("strategy")) ? map(conversion.get("webhook")) : new LinkedHashMap<>();
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return value;
    }
}
