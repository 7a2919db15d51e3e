package dev.envtest.plugin.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExitingContainerRaceTest {

    /** What Podman 4.3.1 answered in CI, as docker-java carries it. */
    private static final String PODMAN_43 = "Status 500: {\"cause\":\"no such process\",\"message\":\"read /proc/6509/cgroup: no such process\",\"response\":500}\n";

    @Test
    void theRaceIsAskedAgainUntilPodmanAnswers() {
        AtomicInteger calls = new AtomicInteger();
        String answer = ExitingContainerRace.retrying(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new InternalServerErrorException(PODMAN_43);
            }
            return "exited";
        });
        assertEquals("exited", answer);
        assertEquals(3, calls.get());
    }

    @Test
    void anyOtherServerErrorIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        InternalServerErrorException other = new InternalServerErrorException("Status 500: {\"message\":\"container state improper\"}");
        InternalServerErrorException thrown = assertThrows(InternalServerErrorException.class, () -> ExitingContainerRace.retrying(() -> {
            calls.incrementAndGet();
            throw other;
        }));
        assertSame(other, thrown);
        assertEquals(1, calls.get());
    }

    @Test
    void theRaceIsNotAskedForEver() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(InternalServerErrorException.class, () -> ExitingContainerRace.retrying(() -> {
            calls.incrementAndGet();
            throw new InternalServerErrorException(PODMAN_43);
        }));
        assertEquals(ExitingContainerRace.ATTEMPTS, calls.get());
    }
}
