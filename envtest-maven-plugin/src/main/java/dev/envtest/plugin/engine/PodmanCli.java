package dev.envtest.plugin.engine;

import dev.envtest.plugin.command.Finished;
import dev.envtest.plugin.command.ShortCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
                    Finished finished = ShortCommand.of(command).withoutErrorOutput().withTimeout(Duration.ofSeconds(5)).run();
                    String out = finished.output().trim();
                    return finished.succeeded() && !out.isEmpty() ? Optional.of(out) : Optional.empty();
                } catch (IOException e) {
                    // not installed, or no answer in time: discovery goes on without it
                    return Optional.empty();
                }
            }
        };
    }
}
