package dev.envtest.plugin.command;

/**
 * What a command left: its exit code and its output (UTF-8, at most the command's output limit, the rest read and
 * dropped).
 */
public record Finished(int exitCode, String output) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
