package dev.envtest.plugin.controlplane;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Starts a process that is to outlive this JVM ({@code mvn envtest:start} on its own, or keepRunning) as its grandchild:
 * a short {@code sh} forks it and exits at once. Why not a child, as {@link ProcessBuilder} makes: when HotSpot exits it
 * waits at least 300 ms for every thread in native code, and the JDK's reaper thread of each live child sits in
 * {@code waitpid()} until the child ends; so a Maven run that leaves etcd and kube-apiserver running took 0.3 s longer
 * to exit than one that leaves nothing ({@code .ci/bench/around-the-goal.sh}: 345 against 40 ms from "BUILD SUCCESS"
 * to the JVM's end). The
 * script, {@code outlive.sh} beside this class, keeps a subshell as the process's parent that writes its exit code to a
 * file, so the code is known as for a child. Not on Windows, which has no {@code sh}: there the process is a child.
 */
final class OutlivingLaunch {

    private static final String SCRIPT = script();

    /** How long a process that has exited may take to have its code written by the waiting subshell. */
    private static final Duration CODE_WRITTEN = Duration.ofSeconds(2);

    private OutlivingLaunch() {
    }

    /** A process started this way: its handle, and where its exit code will be. */
    record Started(ProcessHandle handle, Path exitCodeFile) {

        /** Its exit code once it has exited; empty if the subshell did not write it (it was killed as well). */
        OptionalInt exitCode() {
            long deadline = System.nanoTime() + CODE_WRITTEN.toNanos();
            while (true) {
                try {
                    return OptionalInt.of(Integer.parseInt(Files.readString(exitCodeFile).trim()));
                } catch (IOException | NumberFormatException e) {
                    if (System.nanoTime() - deadline >= 0) {
                        return OptionalInt.empty();
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return OptionalInt.empty();
                }
            }
        }
    }

    /** Whether processes can be started this way here: a POSIX {@code sh} is needed. */
    static boolean available() {
        return !System.getProperty("os.name").startsWith("Windows");
    }

    /**
     * Starts {@code command} with stdout and stderr to {@code logFile} (started afresh), stdin from {@code /dev/null},
     * in {@code workingDirectory} with {@code extraEnv} added. A command that cannot be executed exits with sh's code
     * for it (126, 127), as a child does; {@link ControlPlaneException} when {@code sh} itself could not start it.
     */
    static Started start(String name, List<String> command, Path workingDirectory, Path logFile, Map<String, String> extraEnv)
            throws IOException {
        Path exitCodeFile = logFile.resolveSibling(logFile.getFileName().toString().replaceFirst("\\.log$", "") + ".exit-code");
        List<String> shell = new ArrayList<>(List.of("sh", "-c", SCRIPT, "envtest-outlive", logFile.toString(), exitCodeFile.toString()));
        shell.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(shell)
                .directory(workingDirectory.toFile())
                // what sh itself reports (a log it cannot create) is kept where the error message looks
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(extraEnv);
        Process sh = builder.start();
        try (OutputStream go = sh.getOutputStream();
                BufferedReader out = new BufferedReader(new InputStreamReader(sh.getInputStream(), StandardCharsets.UTF_8))) {
            String pid = out.readLine();
            Optional<ProcessHandle> handle = pid != null && pid.matches("\\d+") ? ProcessHandle.of(Long.parseLong(pid)) : Optional.empty();
            if (handle.isEmpty()) {
                throw new ControlPlaneException("could not start " + name + " (" + command.get(0) + "): sh did not start it ("
                        + exitOf(sh) + "). Last lines of " + logFile + ":\n" + ManagedProcess.tail(logFile, 10)
                        + "\nFix: put a POSIX sh on the PATH, or read the log above.");
            }
            // it waits for this line before it execs the command: looked up above, it is known whatever it does next
            go.write('\n');
            return new Started(handle.get(), exitCodeFile);
        }
    }

    private static String exitOf(Process sh) {
        try {
            return sh.waitFor(CODE_WRITTEN.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    ? "sh exited with code " + sh.exitValue() : "sh did not exit";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String script() {
        // without its comments: the script is on the command line of every process it starts, for ps to show
        return ShellScripts.read("outlive.sh").lines()
                .filter(line -> !line.isBlank() && !line.stripLeading().startsWith("#"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }
}
