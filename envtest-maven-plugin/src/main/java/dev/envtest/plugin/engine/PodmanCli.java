package dev.envtest.plugin.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The two questions only the podman CLI answers before any API socket is known: where its service socket
 * is ({@code podman info}) and where a Podman machine's socket is ({@code podman machine inspect}).
 * Used for discovery only; everything else goes through the API.
 */
public interface PodmanCli {

    Optional<String> remoteSocket();

    Optional<String> machineSocket();

    /** A CLI that is never there (tests, or discovery with an explicit host). */
    static PodmanCli absent() {
        return new PodmanCli() {
            public Optional<String> remoteSocket() {
                return Optional.empty();
            }

            public Optional<String> machineSocket() {
                return Optional.empty();
            }
        };
    }

    /** The podman binary on PATH, each call bounded to a few seconds. */
    static PodmanCli onPath() {
        return new PodmanCli() {
            public Optional<String> remoteSocket() {
                return run(List.of("podman", "info", "--format", "{{.Host.RemoteSocket.Path}}"))
                        .map(s -> s.startsWith("/") ? "unix://" + s : s);
            }

            public Optional<String> machineSocket() {
                return run(List.of("podman", "machine", "inspect", "--format", "{{.ConnectionInfo.PodmanSocket.Path}}"))
                        .map(s -> s.lines().findFirst().orElse("").trim())
                        .filter(s -> !s.isEmpty() && !s.contains("<no value>"))
                        .map(s -> s.startsWith("/") ? "unix://" + s : s);
            }

            private Optional<String> run(List<String> command) {
                try {
                    Process p = new ProcessBuilder(command).redirectErrorStream(false)
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    p.getOutputStream().close();
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        return Optional.empty();
                    }
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    return p.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
                } catch (IOException e) {
                    return Optional.empty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        };
    }
}
