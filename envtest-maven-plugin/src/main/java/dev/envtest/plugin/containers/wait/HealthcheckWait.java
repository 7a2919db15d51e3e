package dev.envtest.plugin.containers.wait;

import java.time.Duration;
import java.util.Optional;

/**
 * Ready when the image's own HEALTHCHECK reports {@code healthy}. Podman runs healthchecks from systemd timers,
 * which do not exist on every machine (containers, CI); so on Podman each check also asks the engine to run it.
 * An {@code unhealthy} answer is not final (the next run may pass); the timeout ends the wait.
 */
public final class HealthcheckWait implements WaitStrategy {

    private final Duration timeout;

    public HealthcheckWait(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String describe() {
        return "the image's HEALTHCHECK reports healthy";
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    /** Each attempt may run the healthcheck (an exec in the container): not more than once a second. */
    @Override
    public Duration interval() {
        return Duration.ofSeconds(1);
    }

    /** An exec (or a healthcheck run) is an engine call: no faster at first. */
    @Override
    public Duration earlyInterval() {
        return interval();
    }

    @Override
    public Check check(WaitTarget target) {
        ContainerState state = target.state();
        if (state.health().isEmpty()) {
            return Check.never("the image has no HEALTHCHECK. Fix: add one to its Containerfile, or choose another"
                    + " wait (http, log, tcp)");
        }
        if (state.health().get().equals("healthy")) {
            return Check.ready("healthy");
        }
        target.runHealthcheck();
        ContainerState after = target.state();
        Optional<String> health = after.health();
        if (health.isPresent() && health.get().equals("healthy")) {
            return Check.ready("healthy");
        }
        return Check.notYet("health " + health.orElse("?") + after.healthOutput().map(o -> ", last check said: " + o.strip()).orElse(""));
    }
}
