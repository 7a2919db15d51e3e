package dev.envtest.junit;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** One container the plugin runs, as seen from the tests: its published ports on this machine ({@code envtest.containers.<name>.*}). */
public final class PublishedContainer {

    private final Envtest envtest;
    private final String name;
    private final String prefix;

    PublishedContainer(Envtest envtest, String name) {
        this.envtest = envtest;
        this.name = name;
        this.prefix = "envtest.containers." + name + ".";
    }

    /** The name it has in the plugin's {@code <containers>}. */
    public String name() {
        return name;
    }

    /** The address its ports are published on, e.g. {@code 127.0.0.1}. */
    public String host() {
        return envtest.property(prefix + "host");
    }

    /** The host port published for {@code containerPort}. */
    public int port(int containerPort) {
        return Integer.parseInt(published("port.", containerPort));
    }

    /** {@code http://<host>:<published port>} for {@code containerPort}. */
    public URI url(int containerPort) {
        return URI.create(published("url.", containerPort));
    }

    /** Container port to published host port, for every published port. */
    public Map<Integer, Integer> ports() {
        Map<Integer, Integer> ports = new TreeMap<>();
        envtest.under(prefix + "port.").forEach((container, host) -> ports.put(Integer.parseInt(container), Integer.parseInt(host)));
        return ports;
    }

    /** The engine's container id. */
    public String id() {
        return envtest.property(prefix + "id");
    }

    /** The engine's container name, e.g. {@code envtest-5b1eef54-datastorage}. */
    public String engineName() {
        return envtest.property(prefix + "name");
    }

    /** Its log file under {@code target/envtest/logs}. */
    public Path log() {
        return Path.of(envtest.property(prefix + "log"));
    }

    private String published(String kind, int containerPort) {
        String value = envtest.properties().get(prefix + kind + containerPort);
        if (value == null) {
            throw new IllegalArgumentException("container " + name + " publishes no port " + containerPort + "; published: "
                    + (ports().isEmpty() ? "none" : ports().keySet()) + ". Fix: use one of those, or add it to the"
                    + " container's <ports> in the plugin's configuration.");
        }
        return value;
    }

    @Override
    public String toString() {
        return "container " + name + " " + ports();
    }
}
