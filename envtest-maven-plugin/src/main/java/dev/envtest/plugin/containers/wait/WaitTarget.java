package dev.envtest.plugin.containers.wait;

import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** What a wait can look at: the started container's published ports, its state and its log. */
public interface WaitTarget {

    /** The host address published ports are bound to. */
    String host();

    /** The host port published for a container TCP port. */
    OptionalInt hostPort(int containerPort);

    /** A fresh look at the container's state. */
    ContainerState state();

    /** How many log lines so far match the pattern. */
    int logMatches(Pattern pattern);

    /** The last lines of the container's log. */
    List<String> logTail(int lines);

    /**
     * Asks the engine to run the image's healthcheck now, where the engine does not schedule it itself (Podman without
     * systemd timers); a no-op elsewhere.
     */
    void runHealthcheck();

    /** Runs a command in the container (the engine's exec API) and waits for it to end. */
    ExecResult exec(java.util.List<String> command);
}
