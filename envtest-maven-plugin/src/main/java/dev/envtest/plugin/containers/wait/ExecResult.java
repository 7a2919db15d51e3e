package dev.envtest.plugin.containers.wait;

/**
 * What a command run in the container through the engine's exec API ended with.
 *
 * @param exitCode   its exit code; 126 or 127 when the engine could not run it (not executable, not found)
 * @param output     its stdout and stderr, as far as kept (the last few kilobytes)
 * @param notStarted the engine's reason when the command could not start at all (e.g. not in the image), else empty
 */
public record ExecResult(int exitCode, String output, String notStarted) {

    /** The command is not there or cannot be run: the shell conventions (126, 127) and the runtimes' messages. */
    public boolean commandMissing() {
        String text = (notStarted + " " + output).toLowerCase(java.util.Locale.ROOT);
        return !notStarted.isEmpty() || exitCode == 127 || exitCode == 126 && text.contains("permission denied")
                || text.contains("executable file not found") || text.contains("no such file or directory") && exitCode != 0;
    }
}
