package dev.envtest.junit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What envtest-maven-plugin's {@code start} goal exported, read from its {@code envtest.properties}: the API server's
 * URLs and CA, clients for the admin and for each declared ServiceAccount, and each container's published ports.
 *
 * <p>{@link #load()} finds the file through the system property {@code envtest.properties} (what the plugin's docs tell
 * failsafe to pass), else at {@code target/envtest/envtest.properties} under the working directory, which failsafe
 * sets to the module's directory (and IDEs do too). Clients returned here are new: the caller closes them (the
 * {@link EnvtestExtension} closes the ones it injects).
 */
public final class Envtest {

    /** The system property naming the file, and also the file's own entry for itself. */
    public static final String PROPERTIES_PROPERTY = "envtest.properties";
    /** Where the start goal writes the file by default, relative to the project (= failsafe's working) directory. */
    public static final Path DEFAULT_FILE = Path.of("target", "envtest", "envtest.properties");

    private static final String SA = "envtest.sa.";
    private static final String CONTAINERS = "envtest.containers.";

    private final Path file;
    private final Map<String, String> properties;
    /** ServiceAccount ({@code namespace/name}, and {@code name} alone when unique) to its property prefix. */
    private final Map<String, String> serviceAccounts;
    /** The shortest name of each: {@code name} when unique, else {@code namespace/name}. */
    private final List<String> serviceAccountNames;
    private final List<String> containers;

    private Envtest(Path file, Map<String, String> properties) {
        this.file = file;
        this.properties = Collections.unmodifiableMap(properties);
        this.serviceAccounts = findServiceAccounts(properties);
        this.serviceAccountNames = serviceAccounts.keySet().stream()
                .filter(k -> k.contains("/") ? !serviceAccounts.containsKey(k.substring(k.indexOf('/') + 1)) : true)
                .toList();
        this.containers = properties.keySet().stream()
                .filter(k -> k.startsWith(CONTAINERS) && k.endsWith(".id"))
                .map(k -> k.substring(CONTAINERS.length(), k.length() - ".id".length()))
                .filter(name -> properties.containsKey(CONTAINERS + name + ".host"))
                .sorted().toList();
    }

    /** The file the build wrote, found as described in the class comment. */
    public static Envtest load() {
        return load(locate(System.getProperty(PROPERTIES_PROPERTY), Path.of("").toAbsolutePath()));
    }

    /** A given file. */
    public static Envtest load(Path file) {
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            loaded.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(file + " does not exist. " + HOW_TO_WRITE_IT, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        loaded.stringPropertyNames().stream().sorted().forEach(k -> map.put(k, loaded.getProperty(k)));
        return new Envtest(file.toAbsolutePath(), map);
    }

    static final String HOW_TO_WRITE_IT = "It is written by envtest-maven-plugin's start goal, which runs in the"
            + " pre-integration-test phase: declare the plugin with an <execution> of the goals start and stop, and run"
            + " the tests as integration tests (maven-failsafe-plugin, *IT classes) with mvn verify, not mvn test."
            + " For tests started from an IDE, run mvn envtest:start once (mvn envtest:stop ends it).";

    /** The system property's file when it is set (it must then exist), else the default file in the working directory. */
    static Path locate(String systemProperty, Path workingDirectory) {
        Path fallback = workingDirectory.resolve(DEFAULT_FILE);
        if (systemProperty != null && !systemProperty.isBlank()) {
            if (systemProperty.contains("${")) {
                throw new IllegalStateException("system property " + PROPERTIES_PROPERTY + " is '" + systemProperty
                        + "', a Maven expression nothing resolved. Fix: pass ${project.build.directory}/envtest/envtest.properties"
                        + " in failsafe's <systemPropertyVariables>, or leave it out (then " + fallback + " is read).");
            }
            Path given = workingDirectory.resolve(systemProperty);
            if (!Files.isRegularFile(given)) {
                throw new IllegalStateException("envtest.properties not found at " + given + " (system property "
                        + PROPERTIES_PROPERTY + "). " + HOW_TO_WRITE_IT);
            }
            return given;
        }
        if (!Files.isRegularFile(fallback)) {
            throw new IllegalStateException("envtest.properties not found: the system property " + PROPERTIES_PROPERTY
                    + " is not set and " + fallback + " does not exist. " + HOW_TO_WRITE_IT);
        }
        return fallback;
    }

    private static Map<String, String> findServiceAccounts(Map<String, String> properties) {
        // every ServiceAccount exports <prefix>name and <prefix>namespace; the prefix is envtest.sa.<name>. or, when
        // the name is declared in several namespaces, envtest.sa.<namespace>.<name>.
        Map<String, List<String>> prefixesByName = new TreeMap<>();
        for (String key : properties.keySet()) {
            if (key.startsWith(SA) && key.endsWith(".name")) {
                String prefix = key.substring(0, key.length() - "name".length());
                if (properties.containsKey(prefix + "namespace")) {
                    prefixesByName.computeIfAbsent(properties.get(key), n -> new java.util.ArrayList<>()).add(prefix);
                }
            }
        }
        Map<String, String> byKey = new TreeMap<>();
        prefixesByName.forEach((name, prefixes) -> {
            if (prefixes.size() == 1) {
                byKey.put(name, prefixes.get(0));
            }
            for (String prefix : prefixes) {
                byKey.put(properties.get(prefix + "namespace") + "/" + name, prefix);
            }
        });
        return Collections.unmodifiableMap(byKey);
    }

    /** The file this was read from. */
    public Path file() {
        return file;
    }

    /** Any exported value by its full name, e.g. {@code envtest.etcd.url}; a missing one is an error listing the names. */
    public String property(String name) {
        String value = properties.get(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not in " + file + "; it has " + properties.keySet());
        }
        return value;
    }

    /** Every exported name and value (tokens included: do not print it). */
    public Map<String, String> properties() {
        return properties;
    }

    /** {@code envtest.url}: the API server, for clients on this machine. */
    public URI url() {
        return URI.create(property("envtest.url"));
    }

    /** {@code envtest.container.url}: the API server, as containers of the engine dial it. */
    public URI containerUrl() {
        return URI.create(property("envtest.container.url"));
    }

    /** {@code envtest.container.host}: the host name containers dial (in the serving certificate). */
    public String containerHost() {
        return property("envtest.container.host");
    }

    /** {@code envtest.container.addHost}: the {@code --add-host} entry containers need for that name, if any. */
    public Optional<String> containerAddHost() {
        return Optional.ofNullable(properties.get("envtest.container.addHost")).filter(s -> !s.isBlank());
    }

    /** {@code envtest.ca}: the CA certificate (PEM) that signed the serving certificate. */
    public Path ca() {
        return Path.of(property("envtest.ca"));
    }

    /**
     * {@code envtest.kubeconfig}: the admin kubeconfig (group system:masters), server {@link #url()}. With the plugin's
     * {@code cluster=existing}: a copy of only the chosen context of the user's kubeconfig (credentials as that file has
     * them), so {@link #adminClient()} reaches that cluster and context.
     */
    public Path kubeconfig() {
        return Path.of(property("envtest.kubeconfig"));
    }

    /** {@code envtest.container.kubeconfig}: the admin kubeconfig with server {@link #containerUrl()}. */
    public Path containerKubeconfig() {
        return Path.of(property("envtest.container.kubeconfig"));
    }

    /** {@code envtest.kubernetes.version}, e.g. {@code 1.34.2}. */
    public String kubernetesVersion() {
        return property("envtest.kubernetes.version");
    }

    /** {@code envtest.workDirectory}. */
    public Path workDirectory() {
        return Path.of(property("envtest.workDirectory"));
    }

    /** A new fabric8 client as the admin, TLS verified against {@link #ca()}; close it. */
    public KubernetesClient adminClient() {
        return client(kubeconfig());
    }

    /** A new fabric8 client as the ServiceAccount ({@code name}, or {@code namespace/name}); close it. */
    public KubernetesClient clientFor(String serviceAccount) {
        return client(serviceAccount(serviceAccount).kubeconfig());
    }

    /** The declared ServiceAccount {@code name}, or {@code namespace/name} when the name is in several namespaces. */
    public ServiceAccountCredentials serviceAccount(String serviceAccount) {
        String prefix = serviceAccounts.get(serviceAccount);
        if (prefix == null) {
            List<String> sameName = serviceAccounts.keySet().stream().filter(k -> k.endsWith("/" + serviceAccount)).toList();
            if (sameName.size() > 1) {
                throw new IllegalArgumentException("ServiceAccount " + serviceAccount + " is declared in several namespaces: name"
                        + " one of " + sameName);
            }
            throw new IllegalArgumentException("no ServiceAccount " + serviceAccount + " in " + file + "; known: "
                    + (serviceAccountNames.isEmpty() ? "none" : String.join(", ", serviceAccountNames))
                    + ". Fix: use one of those, or declare it in the plugin's <serviceAccounts>.");
        }
        return new ServiceAccountCredentials(this, prefix);
    }

    /** The declared ServiceAccounts: {@code name}, or {@code namespace/name} for a name declared in several namespaces. */
    public List<String> serviceAccounts() {
        return serviceAccountNames;
    }

    /** The container declared as {@code <name>} in the plugin's {@code <containers>}. */
    public PublishedContainer container(String name) {
        if (!containers.contains(name)) {
            throw new IllegalArgumentException("no container " + name + " in " + file + "; known: "
                    + (containers.isEmpty() ? "none" : String.join(", ", containers))
                    + ". Fix: use one of those, or declare it in the plugin's <containers>.");
        }
        return new PublishedContainer(this, name);
    }

    /** The declared containers' names. */
    public List<String> containers() {
        return containers;
    }

    static KubernetesClient client(Path kubeconfig) {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
    }

    /** Names of properties under a prefix, without it (for the per-container ports). */
    Map<String, String> under(String prefix) {
        return properties.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .collect(Collectors.toMap(e -> e.getKey().substring(prefix.length()), Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    @Override
    public String toString() {
        return "envtest " + properties.getOrDefault("envtest.url", "?") + " (" + file + ")";
    }
}
