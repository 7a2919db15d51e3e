package dev.envtest.plugin.containers;

import com.github.dockerjava.api.exception.DockerException;
import dev.envtest.plugin.containers.wait.ContainerState;
import dev.envtest.plugin.containers.wait.RunningWait;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.registry.RegistryCredentials;
import dev.envtest.plugin.session.Directories;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.ShutdownGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs one image to its end on a network of its own, for the {@code doctor} goal: both created with this run's labels
 * (and {@value #LABEL_DOCTOR}), recorded in a session file of a temporary directory, and removed by
 * {@link ContainerCleaner} when it ended, also when it failed or timed out, so nothing of it outlives the call and no
 * running envtest's {@code session.json} is touched.
 */
public final class ProbeContainer {

    public static final String LABEL_DOCTOR = "dev.envtest.doctor";
    private static final int TAIL = 20;

    private final EngineInfo engine;
    private final Reporter reporter;

    public ProbeContainer(EngineInfo engine, Reporter reporter) {
        this.engine = engine;
        this.reporter = reporter;
    }

    /**
     * What to run.
     *
     * @param image      pulled when missing, or built
     * @param args       replaces the image's CMD when not empty
     * @param env        its environment
     * @param files      copied in before it starts (path in the container to content), mode 0644
     * @param extraHosts {@code --add-host} entries
     * @param timeout    how long it may run
     * @param logFile    where its output goes
     */
    public record Run(ImageSpec image, List<String> args, Map<String, String> env, Map<String, byte[]> files, List<String> extraHosts,
            Duration timeout, Path logFile) {
    }

    /**
     * How it ended.
     *
     * @param network  the network's name (removed by now)
     * @param exited   false when it still ran at the timeout (then it was removed running)
     * @param exitCode its exit code, when it exited
     * @param logTail  its last log lines
     */
    public record Outcome(String network, boolean exited, int exitCode, List<String> logTail) {
    }

    /** Runs it; a {@link ContainerException} says what kept it from starting (image, network, create, start). */
    public Outcome run(Run run) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("envtest-doctor-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory: " + e.getMessage(), e);
        }
        String sessionId = UUID.randomUUID().toString();
        SessionFile session = SessionFile.create(scratch.resolve("session.json"), sessionId);
        session.created(ContainerCleaner.ENGINE, engine.dockerHost(), engine.product() + " " + engine.version());
        ContainerCleaner cleaner = new ContainerCleaner();
        ShutdownGuard.arm(scratch, () -> cleaner.clean(session, Reporter.silent()));
        try (ContainerEngine api = new DockerApiEngine(engine)) {
            return runRecorded(api, run, session, scratch);
        } catch (DockerException e) {
            throw new ContainerException("the engine refused: " + ContainerLauncher.engineMessage(e), e);
        } finally {
            ShutdownGuard.disarm(scratch);
            cleaner.clean(session, reporter);
            if (session.empty()) {
                session.delete();
                try {
                    Directories.deleteRecursively(scratch);
                } catch (IOException e) {
                    reporter.debug("could not delete " + scratch + ": " + e.getMessage());
                }
            } else {
                reporter.warn("Some of the doctor's probe could not be removed; it stays listed in " + session.path());
            }
        }
    }

    private Outcome runRecorded(ContainerEngine api, Run run, SessionFile session, Path scratch) {
        String name = "envtest-doctor-" + ContainersStage.shortId(session.sessionId());
        Map<String, String> labels = Map.of(ContainerCleaner.LABEL_SESSION, session.sessionId(),
                ContainerCleaner.LABEL_WORK_DIRECTORY, scratch.toAbsolutePath().normalize().toString(), LABEL_DOCTOR, "probe");
        String imageId = new ImageResolver(api, scratch, reporter, RegistryCredentials.none(), engine)
                .resolve(ContainerSpec.minimal("doctor-probe", run.image(), new RunningWait(run.timeout())));
        String networkId;
        try {
            networkId = api.createNetwork(name, labels);
        } catch (DockerException e) {
            throw new ContainerException("the network " + name + " could not be created: " + ContainerLauncher.engineMessage(e)
                    + ". Fix: check that the engine can create bridge networks.", e);
        }
        session.created(ContainerCleaner.NETWORK, networkId, name);
        List<String> env = run.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        String id;
        try {
            id = api.create(new ContainerEngine.Creation(name + "-probe", imageId, List.of(), run.args(), env, name, List.of(),
                    List.of(), ContainerLauncher.HOST, run.extraHosts(), labels, Optional.empty(), Map.of(), Map.of(), false));
        } catch (DockerException e) {
            throw new ContainerException("the probe container could not be created: " + ContainerLauncher.engineMessage(e), e);
        }
        session.created(ContainerCleaner.CONTAINER, id, name + "-probe");
        CopyArchive files = new CopyArchive();
        run.files().forEach((path, content) -> files.content(path, content, CopyArchive.FILE_MODE));
        ContainerLauncher.addNsswitchIfMissing(api, id, files);
        api.copyIn(id, files.toTar());
        LogFollower log = new LogFollower(run.logFile());
        try {
            api.start(id);
        } catch (DockerException e) {
            throw new ContainerException("the probe container could not be started: " + ContainerLauncher.engineMessage(e), e);
        } finally {
            api.followLog(id, log);
        }
        long deadline = System.nanoTime() + run.timeout().toNanos();
        while (System.nanoTime() < deadline) {
            ContainerState state = api.inspect(id).state();
            if (state.exited()) {
                log.awaitEnd(Duration.ofSeconds(3));
                return new Outcome(name, true, state.exitCode(), log.tail(TAIL));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Outcome(name, false, -1, log.tail(TAIL));
    }
}
