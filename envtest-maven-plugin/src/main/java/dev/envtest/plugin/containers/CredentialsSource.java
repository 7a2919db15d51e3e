package dev.envtest.plugin.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The ServiceAccounts a build provisioned, looked up by {@code name} or {@code namespace/name}. */
public interface CredentialsSource {

    /** All of them, for lookups and for error messages. */
    List<ContainerCredentials> all();

    /**
     * The ServiceAccount a container's {@code serviceAccount} names: {@code namespace/name}, or a bare name that is
     * unique across namespaces (preferring namespace {@code default} when it is not).
     */
    default ContainerCredentials resolve(String reference, String container) {
        String ref = reference.trim();
        List<ContainerCredentials> matches = new ArrayList<>();
        for (ContainerCredentials c : all()) {
            if (ref.contains("/") ? c.qualifiedName().equals(ref) : c.name().equals(ref)) {
                matches.add(c);
            }
        }
        if (matches.size() > 1) {
            Optional<ContainerCredentials> inDefault = matches.stream().filter(c -> c.namespace().equals("default")).findFirst();
            if (inDefault.isPresent()) {
                return inDefault.get();
            }
            throw new ContainerException("container '" + container + "': serviceAccount '" + ref + "' is ambiguous ("
                    + String.join(", ", matches.stream().map(ContainerCredentials::qualifiedName).toList())
                    + "). Fix: write it as namespace/name.");
        }
        if (matches.isEmpty()) {
            List<String> known = all().stream().map(ContainerCredentials::qualifiedName).toList();
            throw new ContainerException("container '" + container + "': serviceAccount '" + ref + "' is not a ServiceAccount"
                    + " this build provisions (" + (known.isEmpty() ? "it provisions none" : "known: " + String.join(", ", known))
                    + "). Fix: declare it among the plugin's serviceAccounts, or correct the name.");
        }
        return matches.get(0);
    }

    static CredentialsSource of(List<ContainerCredentials> credentials) {
        List<ContainerCredentials> copy = List.copyOf(credentials);
        return () -> copy;
    }

    static CredentialsSource none() {
        return List::of;
    }
}
