package dev.envtest.plugin.identities;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The property names of each ServiceAccount's credentials. The rule:
 * <ul>
 *   <li>{@code envtest.sa.<name>.*} when no other declared ServiceAccount has the same name;</li>
 *   <li>{@code envtest.sa.<namespace>.<name>.*} for every ServiceAccount whose name is declared in more than one
 *       namespace (all of them, so none is preferred silently);</li>
 *   <li>should two prefixes still coincide (a name containing dots, e.g. {@code a.b} beside {@code b} in namespaces
 *       {@code a} and {@code c}), that is an error naming both.</li>
 * </ul>
 * Suffixes: see {@link #SUFFIXES}.
 */
public final class PropertyNames {

    public static final String ROOT = "envtest.sa.";

    /** What follows a ServiceAccount's prefix. */
    public static final List<String> SUFFIXES = List.of(
            "name", "namespace", "username", "token", "tokenFile", "tokenExpiration",
            "kubeconfig", "container.kubeconfig", "inCluster", "inCluster.env");

    private PropertyNames() {
    }

    /** The prefix (ending in a dot) of every declared ServiceAccount, in declaration order. */
    public static Map<ServiceAccountSpec, String> prefixes(List<ServiceAccountSpec> accounts) {
        Map<String, Integer> namespacesPerName = new HashMap<>();
        for (ServiceAccountSpec sa : accounts) {
            namespacesPerName.merge(sa.name(), 1, Integer::sum);
        }
        Map<ServiceAccountSpec, String> prefixes = new LinkedHashMap<>();
        Map<String, ServiceAccountSpec> owners = new HashMap<>();
        for (ServiceAccountSpec sa : accounts) {
            String prefix = namespacesPerName.get(sa.name()) > 1
                    ? ROOT + sa.namespace() + "." + sa.name() + "."
                    : ROOT + sa.name() + ".";
            for (String suffix : SUFFIXES) {
                ServiceAccountSpec other = owners.putIfAbsent(prefix + suffix, sa);
                if (other != null && other != sa) {
                    throw new IdentitiesException("serviceAccounts: " + sa.describe() + " and " + other.describe()
                            + " would both export " + prefix + suffix + ". Fix: rename one of them.");
                }
            }
            prefixes.put(sa, prefix);
        }
        return prefixes;
    }
}
