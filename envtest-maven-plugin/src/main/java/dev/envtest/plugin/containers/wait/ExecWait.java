package dev.envtest.plugin.containers.wait;

import java.time.Duration;
import java.util.List;

/**
 * Ready when a command run inside the container through the engine's exec API exits 0, e.g.
 * {@code pg_isready -h 127.0.0.1} or {@code redis-cli ping}. What the server itself says about its readiness,
 * with no port published and no client on the build machine. A command that is not in the image fails at once.
 */
public final class ExecWait implements WaitStrategy {

    private final List<String> command;
    private final Duration timeout;

    public ExecWait(List<String> command, Duration timeout) {
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    public List<String> command() {
        return command;
    }

    @Override
    public String describe() {
        return "the command '" + String.join(" ", command) + "' exits 0 in the container";
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    /** Each attempt starts a process in the container: not more often than twice a second. */
    @Override
    public Duration interval() {
        return Duration.ofMillis(500);
    }

    /** An exec (or a healthcheck run) is an engine call: no faster at first. */
    @Override
    public Duration earlyInterval() {
        return interval();
    }

    @Override
    public Check check(WaitTarget target) {
        ExecResult r = target.exec(command);
        if (r.exitCode() == 0) {
            return Check.ready("'" + String.join(" ", command) + "' exited 0");
        }
        String said = (r.notStarted().isEmpty() ? r.output() : r.notStarted()).strip();
        said = said.length() > 300 ? said.substring(said.length() - 300) : said;
        if (r.commandMissing()) {
            return Check.never("'" + command.get(0) + "' cannot be run in the container (exit " + r.exitCode()
                    + (said.isEmpty() ? "" : ": " + said) + "). Fix: name a command the image has (an absolute path, or one on"
                    + " the image's PATH), or choose another wait (healthcheck, log, tcp, http)");
        }
        return Check.notYet("'" + String.join(" ", command) + "' exited " + r.exitCode() + (said.isEmpty() ? "" : ": " + said));
    }
}
