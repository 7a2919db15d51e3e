package dev.envtest.plugin.mojo;

import java.util.ArrayList;
import java.util.List;

/**
 * A ServiceAccount to create in the {@code start} goal, bind and issue a token for. In the pom:
 * <pre>{@code
 * <serviceAccount>
 *   <name>data-storage-sa</name>
 *   <namespace>default</namespace>                          <!-- optional, default "default"; created if missing -->
 *   <clusterRoles><clusterRole>system:auth-delegator</clusterRole></clusterRoles>
 *   <roles><role>reader</role></roles>                      <!-- Roles in the namespace; ClusterRole/NAME binds a ClusterRole there -->
 *   <rules><rule>...</rule></rules>                         <!-- an own Role in the namespace -->
 *   <clusterRules><rule>...</rule></clusterRules>           <!-- an own ClusterRole -->
 *   <tokenExpiry>24h</tokenExpiry>                          <!-- optional, default the goal's tokenExpiry -->
 *   <audiences><audience>...</audience></audiences>         <!-- optional, default the API server's -->
 * </serviceAccount>
 * }</pre>
 * or, short, {@code <serviceAccount>[namespace/]name[:clusterRole[+clusterRole...]]</serviceAccount>}, e.g.
 * {@code <serviceAccount>data-storage-sa:system:auth-delegator</serviceAccount>} (also the form of
 * {@code -Denvtest.serviceAccounts=a,other/b}).
 */
public class ServiceAccount {

    private String name;
    private String namespace;
    private List<String> clusterRoles = new ArrayList<>();
    private List<String> roles = new ArrayList<>();
    private List<Rule> rules = new ArrayList<>();
    private List<Rule> clusterRules = new ArrayList<>();
    private String tokenExpiry;
    private List<String> audiences = new ArrayList<>();

    /** The short form: {@code [namespace/]name[:clusterRole[+clusterRole...]]}. Maven calls this for a text value. */
    public void set(String shortForm) {
        String text = shortForm == null ? "" : shortForm.trim();
        int colon = text.indexOf(':');
        String account = colon < 0 ? text : text.substring(0, colon);
        if (colon >= 0) {
            for (String role : text.substring(colon + 1).split("\\+")) {
                if (!role.isBlank()) {
                    clusterRoles.add(role.trim());
                }
            }
        }
        int slash = account.indexOf('/');
        if (slash >= 0) {
            namespace = account.substring(0, slash).trim();
            name = account.substring(slash + 1).trim();
        } else {
            name = account.trim();
        }
    }

    public String getName() {
        return name;
    }

    public String getNamespace() {
        return namespace;
    }

    public List<String> getClusterRoles() {
        return clusterRoles;
    }

    public List<String> getRoles() {
        return roles;
    }

    public List<Rule> getRules() {
        return rules;
    }

    public List<Rule> getClusterRules() {
        return clusterRules;
    }

    public String getTokenExpiry() {
        return tokenExpiry;
    }

    public List<String> getAudiences() {
        return audiences;
    }
}
