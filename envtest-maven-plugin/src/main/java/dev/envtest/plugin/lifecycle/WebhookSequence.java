package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.containers.FileCopy;
import dev.envtest.plugin.containers.RunningContainer;
import dev.envtest.plugin.controlplane.RunningControlPlane;
import dev.envtest.plugin.identities.Identities;
import dev.envtest.plugin.identities.IdentitiesException;
import dev.envtest.plugin.identities.IdentityPlan;
import dev.envtest.plugin.identities.ManifestDocument;
import dev.envtest.plugin.identities.WebhookClientConfigs;
import dev.envtest.plugin.identities.WebhookClientConfigs.ServiceReference;
import dev.envtest.plugin.pki.ControlPlanePki;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.WorkDirectory;
import dev.envtest.plugin.webhooks.WebhookException;
import dev.envtest.plugin.webhooks.WebhookServers;
import dev.envtest.plugin.webhooks.WebhookServers.Server;
import dev.envtest.plugin.webhooks.WebhooksRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Where webhooks enter the start sequence:
 * <ol>
 *   <li>before anything starts: the servers are checked, hostWebhook ports reserved, and every
 *       {@code clientConfig.service} of the manifests matched to a server (an unknown one is an error);</li>
 *   <li>once the PKI exists: serving certificates issued; the identities get the manifests with the hostWebhooks'
 *       configurations rewritten, without the configurations that call a container, and with the CRDs whose
 *       conversion webhook is a container converting nothing ({@code strategy: None}) for now;</li>
 *   <li>once the containers are ready: each webhook container's TLS handshake on its published port, verified against
 *       the CA; then the held-back documents, rewritten to the published ports, are applied.</li>
 * </ol>
 */
final class WebhookSequence {

    private final WebhookServers servers;
    private final List<ServiceReference> references;
    private final IdentityPlan identities;
    private final List<ManifestDocument> heldBack = new ArrayList<>();
    private String caPem;

    private WebhookSequence(WebhookServers servers, List<ServiceReference> references, IdentityPlan identities) {
        this.servers = servers;
        this.references = references;
        this.identities = identities;
    }

    /** Checks the servers and that every {@code clientConfig.service} names one. */
    static WebhookSequence plan(WebhooksRequest request, IdentityPlan identities) {
        WebhookServers servers = WebhookServers.check(request);
        List<ManifestDocument> all = new ArrayList<>(identities.crds());
        all.addAll(identities.manifests());
        List<ServiceReference> references = WebhookClientConfigs.references(all);
        List<String> problems = new ArrayList<>();
        for (ServiceReference r : references) {
            if (servers.serving(r.service()).isEmpty()) {
                problems.add(r.describe() + " names no webhook server of this build (" + servers.describeKnown() + "). Fix: give"
                        + " the container that serves it <webhook>9443</webhook> (its webhook port) and the name or alias '" + r.service() + "', declare"
                        + " <hostWebhook><name>" + r.service() + "</name></hostWebhook> for a webhook the tests serve, or"
                        + " give this webhook a clientConfig.url.");
            }
        }
        if (!problems.isEmpty()) {
            throw new WebhookException(problems.size() == 1 ? problems.get(0)
                    : references.size() + " webhook clientConfigs, " + problems.size() + " problems:\n  - " + String.join("\n  - ", problems));
        }
        return new WebhookSequence(servers, references, identities);
    }

    boolean isEmpty() {
        return servers.isEmpty() && references.isEmpty();
    }

    WebhookServers servers() {
        return servers;
    }

    /** Issues the serving certificates, and returns the plan the identities provision (see the class comment). */
    IdentityPlan certificatesAndIdentityPlan(ControlPlanePki pki, Path work) {
        caPem = pki.caPem();
        Map<String, List<String>> inClusterNames = new LinkedHashMap<>();
        for (ServiceReference r : references) {
            Server s = servers.serving(r.service()).orElseThrow();
            List<String> names = inClusterNames.computeIfAbsent(s.name(), k -> new ArrayList<>());
            names.add(r.serviceDnsName());
            names.add(r.serviceDnsName() + ".cluster.local");
        }
        servers.issueCertificates(pki.authority(), WorkDirectory.of(work).webhooks(), inClusterNames);
        if (references.isEmpty()) {
            return identities;
        }
        return new IdentityPlan(identities.request(), forIdentities(identities.crds()), forIdentities(identities.manifests()),
                identities.propertyPrefixes());
    }

    private List<ManifestDocument> forIdentities(List<ManifestDocument> documents) {
        List<ManifestDocument> out = new ArrayList<>();
        for (ManifestDocument d : documents) {
            List<Server> called = calledBy(d);
            if (called.isEmpty()) {
                out.add(d);
            } else if (called.stream().anyMatch(Server::container)) {
                heldBack.add(d);
                if (!WebhookClientConfigs.isWebhookConfiguration(d)) {
                    out.add(WebhookClientConfigs.withoutConversionWebhook(d));
                }
            } else {
                out.add(WebhookClientConfigs.rewrite(d, this::baseUrl, caPem));
            }
        }
        return out;
    }

    private List<Server> calledBy(ManifestDocument d) {
        Set<Server> out = new LinkedHashSet<>();
        for (ServiceReference r : references) {
            if (r.document() == d) {
                servers.serving(r.service()).ifPresent(out::add);
            }
        }
        return List.copyOf(out);
    }

    private Optional<String> baseUrl(String serviceName) {
        return servers.serving(serviceName).flatMap(servers::baseUrl);
    }

    /** The webhook servers that are containers: they get their serving certificates only once the PKI exists. */
    java.util.Set<String> containerNames() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Server s : servers.servers()) {
            if (s.container()) {
                names.add(s.name());
            }
        }
        return names;
    }

    /** The serving certificate files each webhook container gets before it starts. */
    Map<String, List<FileCopy>> containerFiles() {
        Map<String, List<FileCopy>> out = new LinkedHashMap<>();
        servers.containerFiles().forEach((container, files) -> {
            List<FileCopy> copies = new ArrayList<>();
            files.forEach((target, source) -> copies.add(new FileCopy(source, target, OptionalInt.of(0644))));
            out.put(container, copies);
        });
        return out;
    }

    /**
     * Waits for every webhook container's TLS handshake, then applies the held-back documents rewritten to the
     * published ports.
     *
     * @return per webhook container, milliseconds from the containers' readiness (every wait succeeded) to its
     *         configurations applied
     */
    Map<String, Long> afterContainers(List<RunningContainer> running, RunningControlPlane controlPlane, Identities identitiesStage,
            Duration applyTimeout, Reporter reporter) {
        List<String> webhookContainers = new ArrayList<>();
        long containersReady = System.nanoTime();
        for (Server s : servers.servers()) {
            if (!s.container()) {
                continue;
            }
            RunningContainer c = running.stream().filter(r -> r.name().equals(s.name())).findFirst()
                    .orElseThrow(() -> new WebhookException(s.describe() + " is a webhook server but did not start"));
            Integer published = c.ports().get(s.containerPort());
            if (published == null) {
                throw new WebhookException(s.describe() + ": its webhook port " + s.containerPort() + " was not published");
            }
            webhookContainers.add(s.name());
            servers.awaitServing(s, published, c.log(), controlPlane.pki().authority().certificate().certificate());
            long millis = (System.nanoTime() - containersReady) / 1_000_000;
            reporter.info("  webhook server " + s.name() + " serves TLS on " + WebhookServers.HOST + ":" + published
                    + " (container port " + s.containerPort() + ", certificate verified) " + millis + " ms after the containers were ready");
        }
        if (!heldBack.isEmpty()) {
            List<ManifestDocument> rewritten = heldBack.stream().map(d -> WebhookClientConfigs.rewrite(d, this::baseUrl, caPem)).toList();
            try {
                identitiesStage.applyLater(rewritten, controlPlane, applyTimeout);
            } catch (IdentitiesException e) {
                throw new WebhookException("applying the webhook configurations failed: " + e.getMessage(), e);
            }
            for (ManifestDocument d : heldBack) {
                reporter.info("  applied " + d.kind() + " " + d.name() + " (calls " + String.join(", ",
                        calledBy(d).stream().map(Server::name).toList()) + ")");
            }
        }
        long applied = (System.nanoTime() - containersReady) / 1_000_000;
        Map<String, Long> readyToApplied = new LinkedHashMap<>();
        webhookContainers.forEach(name -> readyToApplied.put(name, applied));
        return readyToApplied;
    }
}
