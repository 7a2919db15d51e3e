package dev.envtest.plugin.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhaseTimerTest {

    @Test
    void theTimelineListsEventsInTimeOrderAndKeepsTheFirstOfEach() {
        PhaseTimer timer = new PhaseTimer();
        timer.mark("binaries resolved");
        timer.markAgo("kube-apiserver launched", 1_000_000);
        timer.mark("binaries resolved");
        String timeline = timer.timeline();
        assertTrue(timeline.startsWith("kube-apiserver launched at -"), timeline);
        assertTrue(timeline.contains(", binaries resolved at "), timeline);
        assertEquals(2, timer.marks().size());
    }

    @Test
    void aTimerFromTheGoalsFirstStepCountsWhatCameBeforeItWasMade() {
        long goalBegan = System.nanoTime() - 5_000_000_000L;
        PhaseTimer timer = new PhaseTimer(goalBegan);
        timer.mark("start called");
        assertTrue(timer.totalMillis() >= 5000, "total " + timer.totalMillis());
        assertTrue(timer.marks().get("start called") >= 5000, timer.timeline());
    }
}
