package dev.envtest.plugin.identities;

import java.util.List;

/**
 * One RBAC rule declared inline for a ServiceAccount, as in a Role's {@code rules}. An empty string in
 * {@code apiGroups} is the core group (Services, Pods, ...).
 */
public record PolicyRuleSpec(
        List<String> apiGroups,
        List<String> resources,
        List<String> resourceNames,
        List<String> verbs,
        List<String> nonResourceURLs) {

    public PolicyRuleSpec {
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        resourceNames = List.copyOf(resourceNames);
        verbs = List.copyOf(verbs);
        nonResourceURLs = List.copyOf(nonResourceURLs);
    }

    /** A rule on resources (the common case). */
    public static PolicyRuleSpec of(List<String> apiGroups, List<String> resources, List<String> resourceNames, List<String> verbs) {
        return new PolicyRuleSpec(apiGroups, resources, resourceNames, verbs, List.of());
    }
}
