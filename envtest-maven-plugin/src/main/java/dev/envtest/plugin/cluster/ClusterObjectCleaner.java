package dev.envtest.plugin.cluster;

import dev.envtest.plugin.identities.ObjectOwnership;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.ResourceCleaner;
import dev.envtest.plugin.session.SessionFile;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Deletes the Kubernetes objects a run created in an existing cluster, exactly those its session file records, and
 * only while they still carry the run's label ({@link ObjectOwnership#LABEL}); objects that existed before the run were
 * never recorded nor labelled, so they are never touched. Order: the reverse of creation, namespaced objects before
 * any namespace (a namespace is not emptied by a namespace controller everywhere: envtest has none). The cluster is
 * reached through the kubeconfig path and context the session recorded (never credentials), read as {@code start}
 * reads it: nothing is written to it.
 *
 * <p>Used by {@code stop}, a failed {@code start}, the next run's reaping and the JVM shutdown hook; for the hook,
 * {@link #preload} runs the same code once during start so its classes are loaded before Maven closes the plugin's
 * class realm.
 */
public final class ClusterObjectCleaner implements ResourceCleaner {

    /** The session's record of the cluster: id = the kubeconfig's path, name = the context. */
    public static final String CLUSTER = "cluster";

    /** Records the cluster's connection (path and context, not credentials) so any later stop can reach it. */
    public static void recordCluster(SessionFile session, UserKubeconfig kubeconfig) {
        session.created(CLUSTER, kubeconfig.location().path().toString(), kubeconfig.context());
    }

    @Override
    public List<SessionFile.ResourceEntry> clean(SessionFile session, Reporter reporter) {
        SessionFile.ResourceEntry cluster = null;
        List<SessionFile.ResourceEntry> objects = new ArrayList<>();
        for (SessionFile.ResourceEntry r : session.resources()) {
            if (CLUSTER.equals(r.kind)) {
                cluster = r;
            } else if (SessionFile.OBJECT.equals(r.kind)) {
                objects.add(r);
            }
        }
        if (cluster == null) {
            return new ArrayList<>();
        }
        if (objects.isEmpty()) {
            session.removed(CLUSTER, cluster.id);
            return new ArrayList<>();
        }
        UserKubeconfig kubeconfig;
        try {
            kubeconfig = UserKubeconfig.read(new KubeconfigLocation(Path.of(cluster.id), "recorded by start"), Optional.of(cluster.name));
        } catch (RuntimeException e) {
            reporter.warn("could not read the kubeconfig to delete this run's " + objects.size() + " object(s) in the existing"
                    + " cluster (" + e.getMessage() + "); they stay listed in " + session.path() + ". Fix: restore the kubeconfig"
                    + " and run mvn envtest:stop again.");
            return new ArrayList<>();
        }
        Outcome outcome = removeAll(kubeconfig, ordered(objects), session.sessionId(), session, reporter);
        if (outcome.unreachable != null) {
            reporter.warn("could not reach the existing cluster at " + kubeconfig.server() + " to delete this run's objects ("
                    + outcome.unreachable + "); they stay listed in " + session.path() + ". Fix: make the cluster answer and run"
                    + " mvn envtest:stop again.");
        } else if (outcome.failures == 0) {
            session.removed(CLUSTER, cluster.id);
        }
        return outcome.removed;
    }

    /**
     * Runs the deletion path once for an object that does not exist (a namespace of a random name), so that every class
     * the shutdown hook needs is loaded, against the cluster {@code start} is about to use.
     */
    public void preload(UserKubeconfig kubeconfig, Reporter reporter) {
        SessionFile.ResourceEntry none = new SessionFile.ResourceEntry();
        none.kind = SessionFile.OBJECT;
        none.apiVersion = "v1";
        none.objectKind = "Namespace";
        none.objectName = "envtest-preload-" + UUID.randomUUID();
        none.name = "Namespace/" + none.objectName;
        none.id = SessionFile.objectId("v1", "Namespace", null, none.objectName);
        Outcome outcome = removeAll(kubeconfig, List.of(none), UUID.randomUUID().toString(), null, reporter);
        if (outcome.unreachable != null) {
            reporter.debug("preloading the cluster cleaner: " + outcome.unreachable);
        }
    }

    /** Reverse creation order, every namespace after everything else. */
    static List<SessionFile.ResourceEntry> ordered(List<SessionFile.ResourceEntry> objects) {
        List<SessionFile.ResourceEntry> others = new ArrayList<>();
        List<SessionFile.ResourceEntry> namespaces = new ArrayList<>();
        for (int i = objects.size() - 1; i >= 0; i--) {
            SessionFile.ResourceEntry r = objects.get(i);
            ("Namespace".equals(r.objectKind) && "v1".equals(r.apiVersion) ? namespaces : others).add(r);
        }
        others.addAll(namespaces);
        return others;
    }

    static final class Outcome {
        final List<SessionFile.ResourceEntry> removed = new ArrayList<>();
        int failures;
        String unreachable;
    }

    private Outcome removeAll(UserKubeconfig kubeconfig, List<SessionFile.ResourceEntry> objects, String sessionId, SessionFile session,
            Reporter reporter) {
        Outcome outcome = new Outcome();
        try (KubernetesClient client = ExistingCluster.connect(kubeconfig)) {
            for (SessionFile.ResourceEntry entry : objects) {
                try {
                    removeOne(client, entry, sessionId, session, reporter, outcome);
                } catch (KubernetesClientException e) {
                    if (e.getCode() <= 0) {
                        // no HTTP answer at all: the cluster is unreachable, every other call would fail the same way
                        outcome.unreachable = String.valueOf(e.getMessage());
                        return outcome;
                    }
                    outcome.failures++;
                    reporter.warn("could not delete " + entry.name + ": HTTP " + e.getCode() + " " + statusMessage(e));
                }
            }
        } catch (RuntimeException e) {
            outcome.unreachable = String.valueOf(e.getMessage());
        }
        return outcome;
    }

    private static void removeOne(KubernetesClient client, SessionFile.ResourceEntry entry, String sessionId, SessionFile session,
            Reporter reporter, Outcome outcome) {
        Optional<APIResource> resource = resourceOf(client, entry.apiVersion, entry.objectKind);
        if (resource.isEmpty()) {
            // its API is gone (a CustomResourceDefinition deleted before it): so is the object
            forget(session, entry);
            return;
        }
        MixedOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> operation =
                client.genericKubernetesResources(ResourceDefinitionContext.fromApiResource(entry.apiVersion, resource.get()));
        Resource<GenericKubernetesResource> target = entry.namespace == null ? operation.withName(entry.objectName)
                : operation.inNamespace(entry.namespace).withName(entry.objectName);
        GenericKubernetesResource current = target.get();
        if (current == null) {
            forget(session, entry);
            return;
        }
        Map<String, String> labels = current.getMetadata().getLabels();
        String owner = labels == null ? null : labels.get(ObjectOwnership.LABEL);
        if (!sessionId.equals(owner)) {
            reporter.warn("left " + entry.name + " in place: it does not carry this run's label " + ObjectOwnership.LABEL + "="
                    + sessionId + " (" + (owner == null ? "no such label" : "it is " + owner) + "), so this run did not create it");
            forget(session, entry);
            return;
        }
        if (current.getMetadata().getDeletionTimestamp() == null) {
            target.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            reporter.info("Deleted " + entry.name + " (created by this run in the existing cluster)");
            outcome.removed.add(entry);
        }
        forget(session, entry);
    }

    private static Optional<APIResource> resourceOf(KubernetesClient client, String apiVersion, String kind) {
        APIResourceList list;
        try {
            list = client.getApiResources(apiVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        if (list == null || list.getResources() == null) {
            return Optional.empty();
        }
        for (APIResource r : list.getResources()) {
            if (kind.equals(r.getKind()) && !r.getName().contains("/")) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private static void forget(SessionFile session, SessionFile.ResourceEntry entry) {
        if (session != null) {
            session.removed(entry.kind, entry.id);
        }
    }

    private static String statusMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : String.valueOf(e.getMessage());
    }
}
