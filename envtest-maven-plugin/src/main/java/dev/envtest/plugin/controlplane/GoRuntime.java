package dev.envtest.plugin.controlplane;

import java.util.Map;

/**
 * The Go runtime settings etcd and kube-apiserver are launched with, where the build's environment sets none.
 *
 * <p>kube-apiserver's start allocates a few hundred megabytes (every API group's storage, schemas and OpenAPI
 * documents) from a heap that begins at 4 MB. With Go's default {@code GOGC=100} each doubling of the heap triggers a
 * collection, so the start runs through many collections whose marking and assists take CPU from the boot itself, on
 * a machine whose cores the build's JVM shares. {@code GOGC=400} lets the heap grow to five times the live data
 * before a collection: the API server used 0.79 × the CPU of the default until its /readyz answered (1655 against 2100
 * ms, medians of 6 interleaved bare starts on a saved bootstrap; {@code GOGC=200}: 0.89 ×), about 65 MB more resident
 * memory at ready (320 MB against 255 MB), and no change in behaviour: the setting only paces the collector. The CPU
 * it saves is what the build's JVM, busy beside the boot, would otherwise take from it. A test API server lives for
 * one build and holds little data, so memory is the cheap side. An environment that sets {@code GOGC} itself (also
 * to an empty value) keeps its own.
 */
final class GoRuntime {

    static final String GOGC = "GOGC";
    static final String GOGC_DEFAULT = "400";

    private GoRuntime() {
    }

    /** The settings to add to a process that inherits {@code inherited}: only those it does not set itself. */
    static Map<String, String> defaultsMissingFrom(Map<String, String> inherited) {
        return inherited.containsKey(GOGC) ? Map.of() : Map.of(GOGC, GOGC_DEFAULT);
    }
}
