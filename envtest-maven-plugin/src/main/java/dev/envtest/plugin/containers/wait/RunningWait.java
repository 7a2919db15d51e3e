package dev.envtest.plugin.containers.wait;

import java.time.Duration;

/** The default when no wait is configured: ready as soon as the container's process runs. */
public final class RunningWait implements WaitStrategy {

    private final Duration timeout;

    public RunningWait(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String describe() {
        return "the container runs";
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public Check check(WaitTarget target) {
        ContainerState state = target.state();
        return state.running() ? Check.ready("running") : Check.notYet("status " + state.status());
    }
}
