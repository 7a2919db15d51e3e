package dev.envtest.plugin.identities;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which objects in the cluster this run created, so that only those are labelled and later deleted. An object that
 * did not exist before the run applied it is recorded first (through {@link Recorder}, before the create call, so no
 * object can exist unrecorded) and carries {@link #LABEL}{@code =<session id>}; every later apply of it in this run
 * keeps the label (server-side apply would otherwise remove a label its field manager set before). An object that
 * existed is applied without the label: the cleaner deletes only what carries this run's label.
 */
public final class ObjectOwnership {

    /** The label on every object the run created; its value is the session id (a UUID: 36 of the 63 characters allowed). */
    public static final String LABEL = "envtest.dev/session";

    /** Where a created object is recorded (the session file). */
    @FunctionalInterface
    public interface Recorder {
        void creating(String apiVersion, String kind, String namespace, String name);
    }

    private static final ObjectOwnership NONE = new ObjectOwnership(null, null);

    private final String sessionId;
    private final Recorder recorder;
    private final Set<String> created = new LinkedHashSet<>();

    private ObjectOwnership(String sessionId, Recorder recorder) {
        this.sessionId = sessionId;
        this.recorder = recorder;
    }

    /** Labels and records nothing (envtest's own control plane). */
    public static ObjectOwnership none() {
        return NONE;
    }

    /** Labels what it is told is created with {@code sessionId} and records it with {@code recorder}. */
    public static ObjectOwnership labelling(String sessionId, Recorder recorder) {
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 63) {
            throw new IllegalArgumentException("a label value has 1 to 63 characters: " + sessionId);
        }
        return new ObjectOwnership(sessionId, recorder);
    }

    public boolean active() {
        return recorder != null;
    }

    /** Whether this run created the object (recorded earlier in this run). */
    public synchronized boolean owns(String apiVersion, String kind, String namespace, String name) {
        return created.contains(key(apiVersion, kind, namespace, name));
    }

    /** Records that the object is about to be created by this run. */
    public synchronized void creating(String apiVersion, String kind, String namespace, String name) {
        if (created.add(key(apiVersion, kind, namespace, name))) {
            recorder.creating(apiVersion, kind, namespace, name);
        }
    }

    /** {@code labels} plus this run's label. */
    public Map<String, String> withLabel(Map<String, String> labels) {
        Map<String, String> all = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        all.put(LABEL, sessionId);
        return all;
    }

    /**
     * The server-side apply field manager: one per run in a cluster the plugin did not start. Under a shared manager a
     * second build's apply of an object the first created (without the label, as it is not the second's) would remove
     * the first build's label, and the first build's stop would then leave the object behind.
     */
    public String fieldManager() {
        return active() ? ManifestApplier.FIELD_MANAGER + "-" + sessionId : ManifestApplier.FIELD_MANAGER;
    }

    public String sessionId() {
        return sessionId;
    }

    private static String key(String apiVersion, String kind, String namespace, String name) {
        return apiVersion + "/" + kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }
}
