package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.engine.EngineMode;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.engine.HostAccessPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user's {@code bindAddress} and {@code containerHost}, each {@code auto} or configured, and what follows from
 * them: whether the engine must be asked, which names the serving certificate needs before the engine answers, and
 * the host access once it has. A configured value always wins over the engine's table; an auto one takes the
 * table's entry for the engine's mode ({@link HostAccessPolicy}).
 */
public record HostAccessChoice(String bindAddress, String containerHost) {

    /** Blank, absent or {@code auto} (any case) leaves the value to the engine's mode. */
    public static boolean isAuto(String value) {
        return value == null || value.isBlank() || value.trim().equalsIgnoreCase(StartRequest.AUTO);
    }

    public boolean autoBindAddress() {
        return isAuto(bindAddress);
    }

    public boolean autoContainerHost() {
        return isAuto(containerHost);
    }

    /** Only an auto value needs the engine's mode. */
    public boolean needsEngine() {
        return autoBindAddress() || autoContainerHost();
    }

    /**
     * Names the serving certificate needs beyond its fixed ones: {@code extraSans}, plus containerHost and bindAddress
     * when they are configured (the auto ones, both engines' host names and loopback, are in every certificate), so
     * the certificate can be made before the engine answers. A wildcard bind address is no name.
     */
    public List<String> servingNames(List<String> extraSans) {
        List<String> sans = new ArrayList<>(extraSans);
        if (!autoContainerHost()) {
            sans.add(containerHost.trim());
        }
        if (!autoBindAddress()) {
            String bind = bindAddress.trim().replaceAll("^\\[|\\]$", "");
            if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
                sans.add(bind);
            }
        }
        return sans;
    }

    /** Where the API server listens and what containers dial, for the engine's mode. */
    public HostAccess choose(EngineMode mode) {
        HostAccess auto = HostAccessPolicy.choose(mode);
        String bind = autoBindAddress() ? auto.bindAddress() : bindAddress.trim();
        String host = autoContainerHost() ? auto.containerHost() : containerHost.trim();
        // the table's --add-host entry maps the table's name: a configured name is the user's to make reachable
        Optional<String> addHost = autoContainerHost() ? auto.addHost() : Optional.empty();
        String reason = autoBindAddress() && autoContainerHost() ? auto.reason()
                : "configured" + (autoBindAddress() ? "; bind address: " + auto.reason() : "");
        return new HostAccess(bind, host, addHost, reason);
    }
}
