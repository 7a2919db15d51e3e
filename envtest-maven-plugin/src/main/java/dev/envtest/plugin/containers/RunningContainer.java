package dev.envtest.plugin.containers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A container that started and became ready.
 *
 * @param name        its name in the pom
 * @param engineName  its name in the engine ({@code envtest-<session>-<name>})
 * @param id          the engine's container id
 * @param imageId     the image it runs
 * @param host        the address its published ports are bound to on this machine
 * @param ports       container TCP port to published host port
 * @param aliases     the names other containers on the network reach it by
 * @param log         its log file
 * @param createMillis from create until its own files were copied in (while the identities were provisioned, when
 *                     it could be created before them)
 * @param startMillis  from the start step (credentials copied in, then start) to the process running
 * @param readyMillis  from the start step to its wait succeeding
 */
public record RunningContainer(
        String name,
        String engineName,
        String id,
        String imageId,
        String host,
        Map<Integer, Integer> ports,
        List<String> aliases,
        Path log,
        long createMillis,
        long startMillis,
        long readyMillis) {

    public String url(int containerPort) {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + ports.get(containerPort);
    }
}
