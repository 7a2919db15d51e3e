package dev.envtest.plugin.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command that is expected to finish soon, run to its end or killed at its deadline, together with every process it
 * started. Immutable: each {@code with…} gives a new one.
 *
 * <p>Why not {@code readAllBytes()} and then {@code waitFor(timeout)}, as the callers did each in its own way: the read
 * returns only when the command exits or closes its output, so a command that hangs (a credential helper waiting on a
 * keychain prompt, a binary that never answers {@code --version}) holds the build for ever, whatever the timeout
 * says. Here the output is read on a thread of its own while the deadline runs. Once the command has exited, its
 * output is what was read within {@link #OUTPUT_GRACE}: what it wrote before exiting is in the pipe already, and a
 * process it left behind holding the pipe cannot hold the caller (the JDK on Linux closes its end at the exit; the
 * grace bounds the wait wherever it does not). The output never touches a file, so a secret printed by a credential
 * helper stays in memory.
 */
public final class ShortCommand {

    /** How long the output may still be read after the command exited, for a process it left behind holding the pipe. */
    static final Duration OUTPUT_GRACE = Duration.ofMillis(500);
    private static final int DEFAULT_OUTPUT_LIMIT = 64 * 1024;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    // a binary written a moment ago by this JVM may still be open for writing in a child forked by another of its threads
    private static final int TEXT_FILE_BUSY_ATTEMPTS = 20;
    private static final long TEXT_FILE_BUSY_PAUSE_MILLIS = 50;

    private final List<String> command;
    private final Duration timeout;
    private final byte[] input;
    private final Map<String, String> environment;
    private final boolean errorOutputKept;
    private final int outputLimit;

    private ShortCommand(List<String> command, Duration timeout, byte[] input, Map<String, String> environment,
            boolean errorOutputKept, int outputLimit) {
        this.command = List.copyOf(command);
        this.timeout = timeout;
        this.input = input;
        this.environment = environment;
        this.errorOutputKept = errorOutputKept;
        this.outputLimit = outputLimit;
    }

    /**
     * The command with its arguments, run with this process's environment, nothing on its standard input, its error
     * output in its output, 64 KiB of output kept, and a 10 s deadline.
     */
    public static ShortCommand of(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program");
        }
        return new ShortCommand(command, DEFAULT_TIMEOUT, new byte[0], null, true, DEFAULT_OUTPUT_LIMIT);
    }

    public static ShortCommand of(String... command) {
        return of(List.of(command));
    }

    public ShortCommand withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a command's timeout must be positive, not " + timeout);
        }
        return new ShortCommand(command, timeout, input, environment, errorOutputKept, outputLimit);
    }

    /** Written to its standard input, which is then closed; a few bytes (the pipe's buffer holds at least 4 KiB). */
    public ShortCommand withInput(String text) {
        return new ShortCommand(command, timeout, text.getBytes(StandardCharsets.UTF_8), environment, errorOutputKept, outputLimit);
    }

    /** Exactly these variables, instead of this process's. */
    public ShortCommand withEnvironment(Map<String, String> variables) {
        return new ShortCommand(command, timeout, input, Map.copyOf(variables), errorOutputKept, outputLimit);
    }

    /** Its error output dropped, for a command whose standard output is parsed. */
    public ShortCommand withoutErrorOutput() {
        return new ShortCommand(command, timeout, input, environment, false, outputLimit);
    }

    public ShortCommand withOutputLimit(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("an output limit cannot be negative: " + bytes);
        }
        return new ShortCommand(command, timeout, input, environment, errorOutputKept, bytes);
    }

    /**
     * Runs it to its end.
     *
     * @throws CommandTimeoutException when it did not finish in time (it and what it started are killed)
     * @throws InterruptedIOException when this thread was interrupted (the same, and the interrupt flag is set again)
     * @throws IOException when it cannot be started (no such program, not executable)
     */
    public Finished run() throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Process process = start();
        OutputReader output = new OutputReader(process.getInputStream(), outputLimit);
        output.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input);
        } catch (IOException e) {
            // it exited, or closed its input, without reading: its exit code and output say what happened
        }
        try {
            if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                killWithDescendants(process);
                throw new CommandTimeoutException(name(), timeout);
            }
            output.join(OUTPUT_GRACE.toMillis());
        } catch (InterruptedException e) {
            killWithDescendants(process);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + name() + "; it was killed");
        }
        return new Finished(process.exitValue(), output.text());
    }

    /** The program's file name and its first argument: enough to name it, never a script or input given to it. */
    private String name() {
        String program = Path.of(command.get(0)).getFileName().toString();
        return "'" + (command.size() > 1 ? program + " " + command.get(1) : program) + "'";
    }

    private Process start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (errorOutputKept) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return builder.start();
            } catch (IOException e) {
                if (attempt >= TEXT_FILE_BUSY_ATTEMPTS || e.getMessage() == null || !e.getMessage().contains("Text file busy")) {
                    throw e;
                }
            }
            try {
                Thread.sleep(TEXT_FILE_BUSY_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while starting " + name());
            }
        }
    }

    private static void killWithDescendants(Process process) {
        // children first: killing the parent first would hand them to init, out of its descendants
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the output to its end, keeping the first {@code limit} bytes, so the command never blocks on a full pipe. */
    private static final class OutputReader extends Thread {
        private final InputStream in;
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        OutputReader(InputStream in, int limit) {
            super("envtest-command-output");
            setDaemon(true);
            this.in = in;
            this.limit = limit;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (kept) {
                        kept.write(buffer, 0, Math.min(n, Math.max(0, limit - kept.size())));
                    }
                }
            } catch (IOException e) {
                // the pipe closed under it: what was read is the output
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
