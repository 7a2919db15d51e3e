package dev.envtest.plugin.mojo;

import dev.envtest.plugin.identities.Durations;
import dev.envtest.plugin.identities.IdentitiesRequest;
import dev.envtest.plugin.identities.PolicyRuleSpec;
import dev.envtest.plugin.identities.ServiceAccountSpec;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.project.MavenProject;

/** Maps the start goal's identities parameters to the core's {@link IdentitiesRequest}. */
final class IdentitiesParameters {

    private IdentitiesParameters() {
    }

    static IdentitiesRequest toRequest(List<File> crdDirectories, boolean errorIfCrdPathMissing, List<File> manifests,
            List<ServiceAccount> serviceAccounts, String tokenExpiry, Duration waitTimeout, MavenProject project,
            Properties userProperties) {
        Path basedir = project.getBasedir().toPath();
        Duration defaultExpiry = Durations.parse(tokenExpiry, "tokenExpiry");
        List<ServiceAccountSpec> specs = new ArrayList<>();
        if (serviceAccounts != null) {
            for (int i = 0; i < serviceAccounts.size(); i++) {
                specs.add(toSpec(serviceAccounts.get(i), "serviceAccounts[" + i + "]", defaultExpiry));
            }
        }
        return new IdentitiesRequest(paths(crdDirectories, basedir), errorIfCrdPathMissing, paths(manifests, basedir),
                placeholders(project, userProperties), specs, waitTimeout);
    }

    static ServiceAccountSpec toSpec(ServiceAccount sa, String origin, Duration defaultExpiry) {
        String namespace = blank(sa.getNamespace()) ? ServiceAccountSpec.DEFAULT_NAMESPACE : sa.getNamespace().trim();
        Duration expiry = blank(sa.getTokenExpiry()) ? defaultExpiry : Durations.parse(sa.getTokenExpiry(), origin + ".tokenExpiry");
        return new ServiceAccountSpec(origin, sa.getName() == null ? null : sa.getName().trim(), namespace,
                ParameterValues.nonBlank(sa.getClusterRoles()), ParameterValues.nonBlank(sa.getRoles()), rules(sa.getRules()), rules(sa.getClusterRules()),
                expiry, ParameterValues.nonBlank(sa.getAudiences()));
    }

    /** The project's properties, then the command line's ({@code -D}), plus the basic project coordinates. */
    static Map<String, String> placeholders(MavenProject project, Properties userProperties) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("project.groupId", project.getGroupId());
        values.put("project.artifactId", project.getArtifactId());
        values.put("project.version", project.getVersion());
        values.put("project.name", project.getName() == null ? project.getArtifactId() : project.getName());
        values.put("project.basedir", project.getBasedir().getAbsolutePath());
        values.put("project.build.directory", project.getBuild().getDirectory());
        copy(project.getProperties(), values);
        copy(userProperties, values);
        return values;
    }

    private static void copy(Properties from, Map<String, String> to) {
        if (from != null) {
            for (String key : from.stringPropertyNames()) {
                to.put(key, from.getProperty(key));
            }
        }
    }

    private static List<PolicyRuleSpec> rules(List<Rule> rules) {
        List<PolicyRuleSpec> out = new ArrayList<>();
        if (rules != null) {
            for (Rule r : rules) {
                List<String> groups = new ArrayList<>();
                for (String g : r.getApiGroups() == null ? List.<String>of() : r.getApiGroups()) {
                    groups.add(g == null || g.isBlank() || g.trim().equals("core") ? "" : g.trim());
                }
                out.add(new PolicyRuleSpec(groups, ParameterValues.nonBlank(r.getResources()), ParameterValues.nonBlank(r.getResourceNames()), ParameterValues.nonBlank(r.getVerbs()),
                        ParameterValues.nonBlank(r.getNonResourceURLs())));
            }
        }
        return out;
    }

    private static List<Path> paths(List<File> files, Path basedir) {
        List<Path> out = new ArrayList<>();
        if (files != null) {
            for (File f : files) {
                if (f != null) {
                    out.add(basedir.resolve(f.toPath()).normalize());
                }
            }
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
