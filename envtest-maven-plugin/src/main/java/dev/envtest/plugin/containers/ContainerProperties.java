package dev.envtest.plugin.containers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties exported per container, under {@code envtest.containers.} (distinct from the control plane's
 * {@code envtest.container.*} keys, which describe how containers reach the API server):
 * <pre>
 * envtest.containers.network                      the per-run network's name
 * envtest.containers.&lt;name&gt;.id                  the engine's container id
 * envtest.containers.&lt;name&gt;.name                the engine's container name
 * envtest.containers.&lt;name&gt;.host                the host address its ports are published on (127.0.0.1)
 * envtest.containers.&lt;name&gt;.port.&lt;port&gt;         the host port published for container port &lt;port&gt;
 * envtest.containers.&lt;name&gt;.url.&lt;port&gt;          http://127.0.0.1:&lt;host port&gt;
 * envtest.containers.&lt;name&gt;.log                 its log file
 * </pre>
 */
public final class ContainerProperties {

    public static final String PREFIX = "envtest.containers.";

    private ContainerProperties() {
    }

    public static Map<String, String> of(String network, List<RunningContainer> containers) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(PREFIX + "network", network);
        containers.forEach(c -> out.putAll(of(c)));
        return out;
    }

    public static Map<String, String> of(RunningContainer c) {
        Map<String, String> out = new LinkedHashMap<>();
        String p = PREFIX + c.name() + ".";
        out.put(p + "id", c.id());
        out.put(p + "name", c.engineName());
        out.put(p + "host", c.host());
        c.ports().forEach((container, host) -> {
            out.put(p + "port." + container, Integer.toString(host));
            out.put(p + "url." + container, c.url(container));
        });
        out.put(p + "log", c.log().toString());
        return out;
    }
}
