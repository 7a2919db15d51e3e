package dev.envtest.plugin.command;

import java.io.IOException;
import java.time.Duration;

/** A command did not finish within its deadline; it and every process it started have been killed. */
public final class CommandTimeoutException extends IOException {

    private final Duration timeout;

    CommandTimeoutException(String command, Duration timeout) {
        super(command + " did not finish within " + describe(timeout) + "; it was killed");
        this.timeout = timeout;
    }

    /** The deadline it missed, as a message says it: "30 s", "500 ms". */
    public String timeout() {
        return describe(timeout);
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
