package dev.envtest.it.reliability;

import dev.envtest.it.support.PluginRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A Maven build of the service pom (src/test/projects/service) in a directory of its own, run with this checkout's
 * ./mvnw and the plugin as built by the reactor. The plugin is laid out in a private local repository; everything else
 * is read from the user's repository (maven.repo.local.tail), which the nested build never writes.
 */
final class NestedBuild {

    private static final String VERSION = System.getProperty("envtest.version");

    final Path project;
    /** The log of the latest build started: build-1.log, build-2.log, … (each build's is kept). */
    Path log;
    private final Path repository;
    private int builds;
    private boolean withoutEngine;

    private NestedBuild(Path project, Path repository) {
        this.project = project;
        this.repository = repository;
    }

    /** A fresh copy of the service pom in {@code nested.dir/<name>}. */
    static NestedBuild of(String name) throws IOException {
        return of(name, Path.of(System.getProperty("service.pom")));
    }

    /** A fresh copy of {@code pom} in {@code nested.dir/<name>}. */
    static NestedBuild of(String name, Path pom) throws IOException {
        Path nested = Path.of(System.getProperty("nested.dir"));
        Path project = nested.resolve(name);
        deleteRecursively(project);
        Files.createDirectories(project);
        Files.copy(pom, project.resolve("pom.xml"), StandardCopyOption.REPLACE_EXISTING);
        return new NestedBuild(project, PluginRepository.layOut(nested.resolve("repository")));
    }

    /**
     * Builds from now on see no container engine: each runs in a mount namespace of its own (root only) where rootful
     * Podman's socket directory is an empty tmpfs and Docker's socket, where there is one, a file nothing listens on
     * (as a machine with the engines installed and their services stopped), without DOCKER_HOST and CONTAINER_HOST.
     * The engines of the rest of the machine keep running.
     */
    NestedBuild withoutEngine() {
        withoutEngine = true;
        return this;
    }

    Path workDirectory() {
        return project.resolve("target/envtest").toAbsolutePath().normalize();
    }

    /** Starts {@code ./mvnw -B <args>} in the project, its output (stdout and stderr) appended to {@link #log}. */
    Process start(String... args) throws IOException {
        Path root = Path.of(System.getProperty("envtest.repo"));
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-f", project.resolve("pom.xml").toString(),
                "-Dmaven.repo.local=" + repository, "-Dmaven.repo.local.tail=" + System.getProperty("maven.local"),
                "-Denvtest.version=" + VERSION, "-Dfixtures.dir=" + System.getProperty("fixtures.dir")));
        command.addAll(List.of(args));
        if (withoutEngine) {
            command.addAll(0, List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                    "mkdir -p /run/podman && mount -t tmpfs none /run/podman"
                            + " && { [ ! -e /var/run/docker.sock ] || mount --bind /dev/null /var/run/docker.sock; } && exec \"$@\"",
                    "no-engine"));
        }
        log = project.resolve("build-" + (++builds) + ".log");
        Files.writeString(log, String.join(" ", command) + "\n");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (withoutEngine) {
            builder.environment().remove("DOCKER_HOST");
            builder.environment().remove("CONTAINER_HOST");
        }
        return builder.start();
    }

    /** Runs a build to its end; returns its log, failing with the log's tail when the build fails. */
    String run(String... args) throws Exception {
        Process build = start(args);
        if (!build.waitFor(10, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new AssertionError("the nested build did not end within 10 minutes:\n" + tail());
        }
        String output = Files.readString(log);
        if (build.exitValue() != 0) {
            throw new AssertionError("the nested build failed (exit " + build.exitValue() + "):\n" + tail());
        }
        return output;
    }

    /** Waits until the log has a line containing {@code text}, or the build ended. */
    boolean awaitLog(Process build, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(text)) {
                return true;
            }
            if (!build.isAlive()) {
                return Files.readString(log).contains(text);
            }
            Thread.sleep(200);
        }
        return false;
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    Properties exported() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(workDirectory().resolve("envtest.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var walk = Files.walk(directory)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
