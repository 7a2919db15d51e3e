package dev.envtest.plugin.mojo;

import java.util.ArrayList;
import java.util.List;

/**
 * An inline RBAC rule of a {@link ServiceAccount} ({@code <rules><rule>} or {@code <clusterRules><rule>}):
 * <pre>{@code
 * <rule>
 *   <apiGroups><apiGroup>core</apiGroup></apiGroups>            <!-- optional; core (or empty) = the core group -->
 *   <resources><resource>services</resource></resources>
 *   <resourceNames><resourceName>data-storage-service</resourceName></resourceNames>  <!-- optional -->
 *   <verbs><verb>get</verb></verbs>
 * </rule>
 * }</pre>
 * {@code nonResourceURLs} (e.g. {@code /healthz}) only in {@code clusterRules}.
 */
public class Rule {

    /** API groups; {@code core} or an empty element is the core group; default: the core group. */
    private List<String> apiGroups = new ArrayList<>();

    /** Resources, e.g. {@code services}, {@code tokenreviews}, {@code pods/log}. */
    private List<String> resources = new ArrayList<>();

    /** Optional: only these objects. */
    private List<String> resourceNames = new ArrayList<>();

    /** Verbs, e.g. {@code get}, {@code create}, {@code *}. */
    private List<String> verbs = new ArrayList<>();

    /** Non-resource URLs, e.g. {@code /metrics} (clusterRules only). */
    private List<String> nonResourceURLs = new ArrayList<>();

    public List<String> getApiGroups() {
        return apiGroups;
    }

    public List<String> getResources() {
        return resources;
    }

    public List<String> getResourceNames() {
        return resourceNames;
    }

    public List<String> getVerbs() {
        return verbs;
    }

    public List<String> getNonResourceURLs() {
        return nonResourceURLs;
    }
}
