package dev.envtest.plugin.doctor;

import dev.envtest.plugin.containers.ImageSpec;
import java.time.Duration;
import java.util.List;

/**
 * The doctor's optional container check: which image to run, with which args (replacing its CMD; the placeholders
 * {@code ${envtest.doctor.url}}, {@code ${envtest.doctor.ca}}, {@code ${envtest.doctor.host}} and
 * {@code ${envtest.doctor.port}} are replaced), and how long it may take.
 */
public record ProbeRequest(ImageSpec image, List<String> args, Duration timeout) {

    public ProbeRequest {
        args = List.copyOf(args);
    }
}
