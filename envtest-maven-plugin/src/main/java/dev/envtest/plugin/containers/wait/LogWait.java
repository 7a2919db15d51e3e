package dev.envtest.plugin.containers.wait;

import java.time.Duration;
import java.util.regex.Pattern;

/** Ready when the container's log (stdout or stderr) has a line matching a regular expression, {@code times} times. */
public final class LogWait implements WaitStrategy {

    private final Pattern pattern;
    private final int times;
    private final Duration timeout;

    public LogWait(Pattern pattern, int times, Duration timeout) {
        this.pattern = pattern;
        this.times = Math.max(1, times);
        this.timeout = timeout;
    }

    public Pattern pattern() {
        return pattern;
    }

    @Override
    public String describe() {
        return "a log line matches /" + pattern.pattern() + "/" + (times > 1 ? " " + times + " times" : "");
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public Check check(WaitTarget target) {
        int seen = target.logMatches(pattern);
        return seen >= times ? Check.ready(seen + " matching line(s)")
                : Check.notYet(seen + " of " + times + " matching line(s) so far");
    }
}
