package dev.envtest.plugin.identities;

import java.time.Duration;
import java.util.List;

/**
 * A ServiceAccount declared in the pom, with what to bind to it and how to issue its token.
 *
 * @param origin        where it was declared, for messages ({@code serviceAccounts[2]})
 * @param name          the ServiceAccount's name
 * @param namespace     its namespace (created if missing)
 * @param clusterRoles  ClusterRoles bound cluster-wide (a ClusterRoleBinding each)
 * @param roles         Roles in {@code namespace} bound there (a RoleBinding each); {@code ClusterRole/<name>} binds a
 *                      ClusterRole in {@code namespace} only
 * @param rules         inline rules: an own Role in {@code namespace}, bound to it
 * @param clusterRules  inline rules: an own ClusterRole, bound cluster-wide
 * @param tokenExpiry   the TokenRequest's expirationSeconds (at least 10 minutes)
 * @param audiences     the token's audiences; empty means the API server's own (the token then works against it)
 */
public record ServiceAccountSpec(
        String origin,
        String name,
        String namespace,
        List<String> clusterRoles,
        List<String> roles,
        List<PolicyRuleSpec> rules,
        List<PolicyRuleSpec> clusterRules,
        Duration tokenExpiry,
        List<String> audiences) {

    public static final String DEFAULT_NAMESPACE = "default";
    public static final Duration DEFAULT_TOKEN_EXPIRY = Duration.ofHours(24);
    /** The API server refuses TokenRequests shorter than this. */
    public static final Duration MINIMUM_TOKEN_EXPIRY = Duration.ofMinutes(10);

    public ServiceAccountSpec {
        clusterRoles = List.copyOf(clusterRoles);
        roles = List.copyOf(roles);
        rules = List.copyOf(rules);
        clusterRules = List.copyOf(clusterRules);
        audiences = List.copyOf(audiences);
    }

    /** The user name the API server authenticates its tokens as. */
    public String username() {
        return "system:serviceaccount:" + namespace + ":" + name;
    }

    /** {@code namespace/name}. */
    public String qualifiedName() {
        return namespace + "/" + name;
    }

    public String describe() {
        return origin + " (" + qualifiedName() + ")";
    }
}
