package dev.envtest.plugin.identities;

import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.text.Placeholders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The identities request checked and read before anything starts: every file parsed, every ServiceAccount entry
 * validated, every property name decided. A bad input fails here, in milliseconds, with nothing to stop.
 *
 * @param request           what was asked
 * @param crds              the CustomResourceDefinitions from {@code crdDirectories}, in file order
 * @param manifests         the documents from {@code manifests}, in apply order
 * @param propertyPrefixes  each ServiceAccount's property prefix
 */
public record IdentityPlan(
        IdentitiesRequest request,
        List<ManifestDocument> crds,
        List<ManifestDocument> manifests,
        Map<ServiceAccountSpec, String> propertyPrefixes) {

    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public static IdentityPlan empty() {
        return new IdentityPlan(IdentitiesRequest.none(), List.of(), List.of(), Map.of());
    }

    public boolean isEmpty() {
        return crds.isEmpty() && manifests.isEmpty() && propertyPrefixes.isEmpty();
    }

    public List<ServiceAccountSpec> serviceAccounts() {
        return request.serviceAccounts();
    }

    /** Reads and checks everything; {@code reporter} hears what is suspicious but allowed. */
    public static IdentityPlan prepare(IdentitiesRequest request, Reporter reporter) {
        validateServiceAccounts(request.serviceAccounts());
        Map<ServiceAccountSpec, String> prefixes = PropertyNames.prefixes(request.serviceAccounts());
        // only when there is something to read: the reader's YAML parser (Jackson) takes 0.1-0.2 s to load, before the
        // control plane can start
        ManifestReader reader = request.crdPaths().isEmpty() && request.manifests().isEmpty() ? null
                : new ManifestReader(new Placeholders(request.placeholders()), reporter);

        List<ManifestDocument> crds = new ArrayList<>();
        for (Path path : request.crdPaths()) {
            if (!Files.exists(path)) {
                String message = "crdDirectories: " + path + " does not exist";
                if (request.errorIfCrdPathMissing()) {
                    throw new IdentitiesException(message + ". Fix: correct the path, or set errorIfCrdPathMissing to false to skip missing paths.");
                }
                reporter.warn(message + "; skipped (errorIfCrdPathMissing is false)");
                continue;
            }
            List<Path> files = ManifestReader.files(path);
            if (files.isEmpty()) {
                reporter.warn("crdDirectories: " + path + " holds no .yaml, .yml or .json file");
            }
            for (Path file : files) {
                for (ManifestDocument d : reader.read(file)) {
                    if (ApplyOrder.isCustomResourceDefinition(d)) {
                        crds.add(d);
                    } else {
                        reporter.warn(d.describe() + " is not a CustomResourceDefinition; skipped. Fix: list its file in manifests instead.");
                    }
                }
            }
        }

        List<ManifestDocument> manifests = new ArrayList<>();
        for (Path path : request.manifests()) {
            if (!Files.exists(path)) {
                throw new IdentitiesException("manifests: " + path + " does not exist. Fix: correct the path or remove it from manifests.");
            }
            List<Path> files = ManifestReader.files(path);
            if (files.isEmpty()) {
                reporter.warn("manifests: " + path + " holds no .yaml, .yml or .json file");
            }
            for (Path file : files) {
                manifests.addAll(reader.read(file));
            }
        }
        IdentityPlan plan = new IdentityPlan(request, List.copyOf(crds), ApplyOrder.sort(manifests), prefixes);
        if (!plan.isEmpty()) {
            Warmup.start();
        }
        return plan;
    }

    static void validateServiceAccounts(List<ServiceAccountSpec> accounts) {
        Map<String, ServiceAccountSpec> seen = new HashMap<>();
        for (ServiceAccountSpec sa : accounts) {
            String where = sa.origin();
            if (sa.name() == null || sa.name().isBlank()) {
                throw new IdentitiesException(where + ": no name. Fix: give each serviceAccount a <name>.");
            }
            if (sa.name().length() > 253 || !DNS_SUBDOMAIN.matcher(sa.name()).matches()) {
                throw new IdentitiesException(where + ".name='" + sa.name() + "' is not a valid ServiceAccount name."
                        + " Fix: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit.");
            }
            if (sa.namespace().length() > 63 || !DNS_LABEL.matcher(sa.namespace()).matches()) {
                throw new IdentitiesException(where + ".namespace='" + sa.namespace() + "' is not a valid namespace name."
                        + " Fix: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit.");
            }
            ServiceAccountSpec other = seen.putIfAbsent(sa.qualifiedName(), sa);
            if (other != null) {
                throw new IdentitiesException("serviceAccounts: " + other.origin() + " and " + sa.origin() + " both declare ServiceAccount "
                        + sa.qualifiedName() + ". Fix: merge them into one entry (its clusterRoles, roles and rules may be lists).");
            }
            if (sa.tokenExpiry().compareTo(ServiceAccountSpec.MINIMUM_TOKEN_EXPIRY) < 0) {
                throw new IdentitiesException(where + ".tokenExpiry=" + Durations.format(sa.tokenExpiry())
                        + " is shorter than the 10 minutes the TokenRequest API accepts. Fix: use at least 10m (default 24h).");
            }
            requireNames(sa.clusterRoles(), where + ".clusterRoles");
            requireNames(sa.roles(), where + ".roles");
            requireNames(sa.audiences(), where + ".audiences");
            checkRules(sa.rules(), where + ".rules", false);
            checkRules(sa.clusterRules(), where + ".clusterRules", true);
        }
    }

    private static void requireNames(List<String> names, String where) {
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isBlank() || n.contains("/") && !n.startsWith(ServiceAccountProvisioner.CLUSTER_ROLE_PREFIX)) {
                throw new IdentitiesException(where + "[" + i + "]='" + n + "' is not a name. Fix: give the role's name"
                        + (where.endsWith(".roles") ? " (or ClusterRole/<name> to bind a ClusterRole in the namespace)." : "."));
            }
        }
    }

    private static void checkRules(List<PolicyRuleSpec> rules, String where, boolean clusterWide) {
        for (int i = 0; i < rules.size(); i++) {
            PolicyRuleSpec r = rules.get(i);
            String at = where + "[" + i + "]";
            if (r.verbs().isEmpty()) {
                throw new IdentitiesException(at + " has no verbs. Fix: add e.g. <verbs><verb>get</verb></verbs>.");
            }
            if (r.resources().isEmpty() && r.nonResourceURLs().isEmpty()) {
                throw new IdentitiesException(at + " has no resources. Fix: add e.g. <resources><resource>services</resource></resources>.");
            }
            if (!r.nonResourceURLs().isEmpty() && !clusterWide) {
                throw new IdentitiesException(at + " has nonResourceURLs, which only a ClusterRole can grant. Fix: move the rule to clusterRules.");
            }
            if (!r.nonResourceURLs().isEmpty() && !r.resources().isEmpty()) {
                throw new IdentitiesException(at + " mixes resources and nonResourceURLs. Fix: split it into two rules.");
            }
        }
    }
}
