package dev.envtest.plugin.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The failures of one start's containers, reported as causes only: a {@link StartAbandonedException} is a
 * consequence of another failure and is left out, and the same message twice (two containers failing alike) once.
 * One failure is thrown as it is; several as one error with a line each.
 */
final class StartFailures {

    private final List<String> messages = new ArrayList<>();
    private Throwable first;

    /** Takes what a container's start threw, wrapped by its future or not. */
    void add(Throwable thrown) {
        Throwable cause = unwrap(thrown);
        String message = cause.getMessage();
        if (!(cause instanceof StartAbandonedException) && !messages.contains(message)) {
            messages.add(message);
            first = first == null ? cause : first;
        }
    }

    void throwIfAny() {
        if (messages.isEmpty()) {
            return;
        }
        if (messages.size() == 1 && first instanceof ContainerException single) {
            throw single;
        }
        throw new ContainerException(messages.size() == 1 ? messages.get(0) : String.join("\n", messages), first);
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
