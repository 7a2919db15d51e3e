package dev.envtest.plugin.containers;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Picks the lines that begin a build step out of the engine's build stream, so the build log shows where a long
 * build is without repeating everything each step prints (that goes to the image's build log file). Podman writes
 * {@code STEP 2/3: COPY …}, Docker {@code Step 2/3 : COPY …}.
 */
final class BuildSteps {

    private static final Pattern STEP = Pattern.compile("^(STEP|Step) \\d+/\\d+ ?:.*");

    private BuildSteps() {
    }

    /** The step lines of one stream item (an item may carry several lines, or none). */
    static List<String> of(String stream) {
        if (stream == null || stream.isEmpty()) {
            return List.of();
        }
        return stream.lines().map(String::strip).filter(line -> STEP.matcher(line).matches()).toList();
    }
}
