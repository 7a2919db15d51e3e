package dev.envtest.plugin.engine;

import dev.envtest.plugin.session.Reporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Finds a container engine API the way Testcontainers does: a chain of candidates, first to answer wins.
 * <ol>
 *   <li>the {@code dockerHost} parameter;</li>
 *   <li>{@code DOCKER_HOST}, then {@code CONTAINER_HOST};</li>
 *   <li>rootful Podman {@code /run/podman/podman.sock};</li>
 *   <li>rootless Podman {@code $XDG_RUNTIME_DIR/podman/podman.sock}; where {@code XDG_RUNTIME_DIR} is unset (a
 *   {@code su} session, cron), {@code /run/user/<uid>/podman/podman.sock}, where Podman puts it then;</li>
 *   <li>{@code /var/run/docker.sock};</li>
 *   <li>the socket {@code podman info} reports, and the Podman machine's ({@code podman machine inspect}).</li>
 * </ol>
 * On Linux {@code podman info} is asked only where its answer can be a socket not yet tried: it names the service's
 * default socket, which for root is {@code /run/podman/podman.sock} and for a user with {@code XDG_RUNTIME_DIR} set
 * is the one under it, both tried above. It takes 0.3–0.5 s, all of it before the API server can be launched. Nor is
 * root asked for a Podman machine there: Podman refuses machine commands as root on Linux.
 * A Unix socket this user may not connect to is skipped without dialling ({@link UnixSocketAccess}).
 */
public final class EngineDiscovery {

    /** The source of the {@code dockerHost} parameter's candidate, in {@link Result#source()} and the attempts. */
    public static final String PARAMETER_SOURCE = "dockerHost parameter";

    private final Optional<String> configuredHost;
    private final Map<String, String> env;
    private final String clientOs;
    private final EngineClientFactory clients;
    private final PodmanCli podmanCli;
    private final Reporter reporter;
    private final OptionalLong effectiveUid;

    /** Discovery for this process: on Linux its effective uid is read ({@link ProcessUid}). */
    public EngineDiscovery(Optional<String> configuredHost, Map<String, String> env, String clientOs,
            EngineClientFactory clients, PodmanCli podmanCli, Reporter reporter) {
        this(configuredHost, env, clientOs, clients, podmanCli, reporter,
                clientOs.equals("linux") ? ProcessUid.effective() : OptionalLong.empty());
    }

    /** Discovery as a process with {@code effectiveUid} would do it (empty: unknown, or not Linux). */
    EngineDiscovery(Optional<String> configuredHost, Map<String, String> env, String clientOs,
            EngineClientFactory clients, PodmanCli podmanCli, Reporter reporter, OptionalLong effectiveUid) {
        this.effectiveUid = effectiveUid;
        this.configuredHost = configuredHost;
        this.env = env;
        this.clientOs = clientOs;
        this.clients = clients;
        this.podmanCli = podmanCli;
        this.reporter = reporter;
    }

    /**
     * The candidates that need no CLI call, in order, each as a (source, docker host URI) pair; unset ones are
     * skipped. The podman CLI is asked ({@link #cliCandidates()}) only when none of these answers.
     */
    public List<Candidate> candidates() {
        List<Candidate> list = new ArrayList<>();
        configuredHost.filter(h -> !h.isBlank()).ifPresent(h -> list.add(new Candidate(PARAMETER_SOURCE, h)));
        addEnv(list, "DOCKER_HOST");
        addEnv(list, "CONTAINER_HOST");
        if (!clientOs.equals("windows")) {
            list.add(new Candidate("rootful Podman socket", "unix:///run/podman/podman.sock"));
            Optional<String> xdg = xdgRuntimeDir();
            if (xdg.isPresent()) {
                list.add(new Candidate("rootless Podman socket", "unix://" + Path.of(xdg.get(), "podman", "podman.sock")));
            } else if (linuxUidKnown() && !linuxRoot()) {
                // Podman's runtime directory when XDG_RUNTIME_DIR is unset, the one systemd-logind makes for a login
                list.add(new Candidate("rootless Podman socket", "unix:///run/user/" + effectiveUid.getAsLong() + "/podman/podman.sock"));
            }
        }
        list.add(new Candidate("Docker socket", clientOs.equals("windows") ? "npipe:////./pipe/docker_engine" : "unix:///var/run/docker.sock"));
        Set<String> seen = new LinkedHashSet<>();
        list.removeIf(c -> !seen.add(c.dockerHost()));
        return list;
    }

    /**
     * The sockets the podman CLI reports: its service's (where that can be one not among {@link #candidates()}), then
     * the Podman machine's.
     */
    public List<Candidate> cliCandidates() {
        List<Candidate> list = new ArrayList<>();
        if (podmanInfoMayNameAnotherSocket()) {
            podmanCli.remoteSocket().ifPresent(s -> list.add(new Candidate("podman info remoteSocket", s)));
        }
        if (!linuxRoot()) {
            // on Linux, Podman refuses machine commands as root ("cannot run command ... as root")
            podmanCli.machineSocket().ifPresent(s -> list.add(new Candidate("podman machine inspect", s)));
        }
        return list;
    }

    /**
     * False where {@code podman info} can only name a socket already among the candidates: on Linux it reports the
     * service's default socket, {@code /run/podman/podman.sock} for root and {@code $XDG_RUNTIME_DIR/podman/podman.sock}
     * for anyone else. Where {@code XDG_RUNTIME_DIR} is unset Podman may fall back to a directory under the temporary
     * one, so it is asked; and on macOS and Windows it is what knows the machine's connection.
     */
    boolean podmanInfoMayNameAnotherSocket() {
        if (!linuxUidKnown()) {
            return true;
        }
        return !linuxRoot() && xdgRuntimeDir().isEmpty();
    }

    /** {@code XDG_RUNTIME_DIR}, unless unset or blank (a {@code su} session, cron). */
    private Optional<String> xdgRuntimeDir() {
        return Optional.ofNullable(env.get("XDG_RUNTIME_DIR")).filter(dir -> !dir.isBlank());
    }

    private boolean linuxUidKnown() {
        return clientOs.equals("linux") && effectiveUid.isPresent();
    }

    private boolean linuxRoot() {
        return linuxUidKnown() && effectiveUid.getAsLong() == 0;
    }

    private void addEnv(List<Candidate> list, String name) {
        String value = env.get(name);
        if (value != null && !value.isBlank()) {
            list.add(new Candidate(name, value.trim()));
        }
    }

    /**
     * The first engine that answers; {@link EngineInfo#none()} with the attempts when none does. A configured
     * {@code dockerHost} is the only candidate: when it does not answer, no other engine is tried.
     */
    public Result discover() {
        List<String> attempts = new ArrayList<>();
        Set<String> tried = new LinkedHashSet<>();
        Optional<String> configured = configuredHost.filter(h -> !h.isBlank());
        if (configured.isPresent()) {
            // an engine the user named is the one to use: never silently another one
            Result named = tryAll(List.of(new Candidate("dockerHost parameter", configured.get().trim())), attempts, tried);
            return named != null ? named : new Result(EngineInfo.none(), "none", attempts);
        }
        Result found = tryAll(candidates(), attempts, tried);
        if (found == null) {
            found = tryAll(cliCandidates(), attempts, tried);
        }
        return found != null ? found : new Result(EngineInfo.none(), "none", attempts);
    }

    private Result tryAll(List<Candidate> candidates, List<String> attempts, Set<String> tried) {
        for (Candidate candidate : candidates) {
            if (!tried.add(candidate.dockerHost())) {
                continue;
            }
            String host = candidate.dockerHost();
            if (host.startsWith("unix://")) {
                Optional<String> problem = UnixSocketAccess.problem(Path.of(host.substring("unix://".length())));
                if (problem.isPresent()) {
                    attempts.add(candidate.source() + " " + host + ": " + problem.get());
                    reporter.debug("engine: " + candidate.source() + " " + host + ": " + problem.get());
                    continue;
                }
            }
            if (host.startsWith("ssh://")) {
                attempts.add(candidate.source() + " " + host + ": ssh connections are not supported; use the machine's local socket");
                continue;
            }
            try (EngineClient client = clients.open(host)) {
                EngineInfo info = client.describe(clientOs);
                reporter.debug("engine: " + candidate.source() + " answered: " + info);
                return new Result(info, candidate.source(), attempts);
            } catch (Exception e) {
                attempts.add(candidate.source() + " " + host + ": " + e.getMessage());
                reporter.debug("engine: " + candidate.source() + " " + host + " did not answer: " + e);
            }
        }
        return null;
    }

    /** The error for a configured {@code dockerHost} that did not answer: its cause and the fix. */
    public static String configuredDidNotAnswer(String dockerHost, List<String> attempts) {
        return "the container engine at dockerHost " + dockerHost.trim() + " did not answer (" + String.join("; ", attempts)
                + "). Fix: start the engine there, correct -Denvtest.dockerHost, or leave it out to let the plugin find the"
                + " engine (DOCKER_HOST, the Podman and Docker sockets).";
    }

    /** A place an engine may listen. */
    public record Candidate(String source, String dockerHost) {
    }

    /** The engine found (or none), which candidate it was, and what failed before it. */
    public record Result(EngineInfo engine, String source, List<String> attempts) {
        public String explainNone() {
            return "No container engine answered. Tried:\n  - " + String.join("\n  - ", attempts)
                    + "\nStart the Podman API service (rootful: systemctl enable --now podman.socket, or"
                    + " 'podman system service --time=0 unix:///run/podman/podman.sock &'; rootless: systemctl --user enable --now podman.socket;"
                    + " macOS/Windows: podman machine start), or set -Denvtest.dockerHost / DOCKER_HOST.";
        }
    }
}
