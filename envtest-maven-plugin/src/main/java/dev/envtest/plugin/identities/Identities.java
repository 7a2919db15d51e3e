package dev.envtest.plugin.identities;

import dev.envtest.plugin.controlplane.RunningControlPlane;
import dev.envtest.plugin.session.Directories;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.WorkDirectory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Provisions a checked {@link IdentityPlan} against a ready API server, in this order:
 * <ol>
 *   <li>the CRDs of {@code crdDirectories};</li>
 *   <li>the Namespace documents of {@code manifests}, then the namespaces of the declared ServiceAccounts (created
 *       when missing);</li>
 *   <li>the CRDs of {@code manifests}; then every CRD is awaited until Established;</li>
 *   <li>the other manifest documents, in {@link ApplyOrder};</li>
 *   <li>the ServiceAccounts with their bindings and inline roles (after the manifests, so their roles may come from
 *       there), then their tokens, then their files.</li>
 * </ol>
 * Everything is written under {@code <work>/identities}, which is emptied first.
 */
public final class Identities {

    private final Reporter reporter;

    public Identities(Reporter reporter) {
        this.reporter = reporter;
    }

    public ProvisionedIdentities provision(IdentityPlan plan, RunningControlPlane controlPlane, Path work) {
        return provision(plan, new EnvtestEndpoint(controlPlane), work);
    }

    /** Provisions in any API server: envtest's own, or a cluster the build did not start. */
    public ProvisionedIdentities provision(IdentityPlan plan, ClusterEndpoint controlPlane, Path work) {
        Path root = WorkDirectory.of(work).identities();
        deleteRecursively(root);
        InClusterEndpoint endpoint = InClusterEndpoint.fromContainerUrl(controlPlane.containerUrl());
        if (plan.isEmpty()) {
            return new ProvisionedIdentities(root, endpoint, List.of(), 0, 0);
        }
        long t0 = System.nanoTime();
        List<ServiceAccountCredentials> credentials = new ArrayList<>();
        List<ManifestDocument> allCrds = new ArrayList<>(plan.crds());
        int documents = 0;
        Map<String, Long> steps = new LinkedHashMap<>();
        long mark = System.nanoTime();
        ObjectOwnership ownership = controlPlane.ownership();
        try (KubernetesClient client = controlPlane.connectAdmin()) {
            ManifestApplier applier = new ManifestApplier(client, reporter, ownership);
            ServiceAccountProvisioner namespaces = new ServiceAccountProvisioner(client, reporter, ownership);

            mark = step(steps, "client", mark);
            plan.crds().forEach(applier::apply);
            List<ManifestDocument> rest = new ArrayList<>();
            for (ManifestDocument d : plan.manifests()) {
                if (ApplyOrder.isNamespace(d)) {
                    applier.apply(d);
                    documents++;
                } else {
                    rest.add(d);
                }
            }
            Set<String> accountNamespaces = new LinkedHashSet<>();
            plan.serviceAccounts().forEach(sa -> accountNamespaces.add(sa.namespace()));
            for (String ns : accountNamespaces) {
                namespaces.ensureNamespace(ns, "serviceAccounts in namespace " + ns);
            }
            for (ManifestDocument d : rest) {
                if (ApplyOrder.isCustomResourceDefinition(d)) {
                    applier.apply(d);
                    allCrds.add(d);
                    documents++;
                }
            }
            mark = step(steps, "CRDs and namespaces applied", mark);
            applier.awaitEstablished(allCrds, plan.request().waitTimeout());
            mark = step(steps, "Established", mark);
            for (ManifestDocument d : rest) {
                if (!ApplyOrder.isCustomResourceDefinition(d)) {
                    applier.apply(d);
                    documents++;
                }
            }

            mark = step(steps, "manifests", mark);
            CredentialWriter writer = new CredentialWriter(root, controlPlane.hostUrl(), controlPlane.containerUrl(),
                    controlPlane.caPem(), endpoint);
            credentials.addAll(provisionAll(client, plan, writer, ownership));
            step(steps, "ServiceAccounts, RBAC, tokens and files", mark);
        } catch (KubernetesClientException e) {
            throw new IdentitiesException("identities: an API call to " + controlPlane.hostUrl() + " failed: \""
                    + ManifestApplier.apiMessage(e) + "\"", e);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        StringBuilder detail = new StringBuilder();
        steps.forEach((k, v) -> detail.append(detail.isEmpty() ? "" : ", ").append(k).append(' ').append(v).append(" ms"));
        reporter.info("Identities in " + millis + " ms: " + allCrds.size() + " CRD(s) Established, " + documents
                + " manifest document(s) applied, " + credentials.size() + " ServiceAccount(s) with tokens (" + detail + ")");
        reporter.info("  files in " + root);
        for (ServiceAccountCredentials c : credentials) {
            reporter.info("  " + c.spec().username() + " (token expires " + c.tokenExpiration() + "): " + c.propertyPrefix() + "*");
        }
        return new ProvisionedIdentities(root, endpoint, List.copyOf(credentials), allCrds.size(), documents);
    }

    /**
     * Applies documents held back from {@link #provision} until what they call is ready (webhook configurations and
     * CRDs whose webhook server is a container): CRDs first, awaited Established, then the rest in {@link ApplyOrder}.
     */
    public void applyLater(List<ManifestDocument> documents, RunningControlPlane controlPlane, java.time.Duration timeout) {
        applyLater(documents, new EnvtestEndpoint(controlPlane), timeout);
    }

    /** {@link #applyLater(List, RunningControlPlane, java.time.Duration)} in any API server. */
    public void applyLater(List<ManifestDocument> documents, ClusterEndpoint controlPlane, java.time.Duration timeout) {
        if (documents.isEmpty()) {
            return;
        }
        try (KubernetesClient client = controlPlane.connectAdmin()) {
            ManifestApplier applier = new ManifestApplier(client, reporter, controlPlane.ownership());
            List<ManifestDocument> crds = documents.stream().filter(ApplyOrder::isCustomResourceDefinition).toList();
            crds.forEach(applier::apply);
            if (!crds.isEmpty()) {
                applier.awaitEstablished(crds, timeout);
            }
            ApplyOrder.sort(documents.stream().filter(d -> !ApplyOrder.isCustomResourceDefinition(d)).toList()).forEach(applier::apply);
        } catch (KubernetesClientException e) {
            throw new IdentitiesException("webhooks: an API call to " + controlPlane.hostUrl() + " failed: \""
                    + ManifestApplier.apiMessage(e) + "\"", e);
        }
    }

    /**
     * Every ServiceAccount with its RBAC, then its token and files; side by side (at most {@value #SIDE_BY_SIDE} at once): each is a chain of round trips
     * (ServiceAccount, bindings and roles, TokenRequest) that waits mostly on the API server. Their results keep the
     * declared order; the first failure, in that order, is thrown.
     */
    private List<ServiceAccountCredentials> provisionAll(KubernetesClient client, IdentityPlan plan, CredentialWriter writer,
            ObjectOwnership ownership) {
        ServiceAccountProvisioner provisioner = new ServiceAccountProvisioner(client, reporter, ownership);
        List<ServiceAccountSpec> accounts = plan.serviceAccounts();
        if (accounts.size() < 2) {
            return accounts.stream().map(sa -> provisionOne(provisioner, writer, plan, sa)).toList();
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(SIDE_BY_SIDE, accounts.size()), r -> {
                    Thread t = new Thread(r, "envtest-identities");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<ServiceAccountCredentials>> futures = new ArrayList<>();
            for (ServiceAccountSpec sa : accounts) {
                futures.add(pool.submit(() -> provisionOne(provisioner, writer, plan, sa)));
            }
            // every one is waited for, failed or not, so that none is still creating objects once the start fails
            // (in an existing cluster, its stop deletes only what was recorded by then)
            List<ServiceAccountCredentials> out = new ArrayList<>();
            RuntimeException first = null;
            for (java.util.concurrent.Future<ServiceAccountCredentials> f : futures) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException re ? re
                                : new IdentitiesException("identities: " + e.getCause(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IdentitiesException("identities: interrupted while provisioning ServiceAccounts", e);
                }
            }
            if (first != null) {
                throw first;
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static final int SIDE_BY_SIDE = 4;

    private static ServiceAccountCredentials provisionOne(ServiceAccountProvisioner provisioner, CredentialWriter writer,
            IdentityPlan plan, ServiceAccountSpec sa) {
        provisioner.provision(sa);
        return writer.write(sa, plan.propertyPrefixes().get(sa), provisioner.requestToken(sa));
    }

    private static long step(Map<String, Long> steps, String name, long since) {
        long now = System.nanoTime();
        steps.put(name, (now - since) / 1_000_000);
        return now;
    }

    private static void deleteRecursively(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty " + dir + ": " + e.getMessage(), e);
        }
    }
}
