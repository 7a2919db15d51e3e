package dev.envtest.plugin.identities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void goStyleIsoAndSeconds() {
        assertEquals(Duration.ofHours(24), Durations.parse("24h", "p"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m", "p"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("90m", "p"));
        assertEquals(Duration.ofSeconds(3600), Durations.parse("3600s", "p"));
        assertEquals(Duration.ofSeconds(3600), Durations.parse("3600", "p"));
        assertEquals(Duration.ofDays(2), Durations.parse("2d", "p"));
        assertEquals(Duration.ofHours(2), Durations.parse("PT2H", "p"));
        assertEquals(Duration.ofHours(2), Durations.parse(" pt2h ", "p"));
    }

    @Test
    void garbageNamesTheParameter() {
        IdentitiesException e = assertThrows(IdentitiesException.class, () -> Durations.parse("one day", "serviceAccounts[1].tokenExpiry"));
        assertEquals("serviceAccounts[1].tokenExpiry='one day' is not a duration. Fix: write e.g. 24h, 90m, 1h30m, 3600s or PT24H.",
                e.getMessage());
        assertThrows(IdentitiesException.class, () -> Durations.parse("", "tokenExpiry"));
        assertThrows(IdentitiesException.class, () -> Durations.parse("PTxH", "tokenExpiry"));
    }

    @Test
    void format() {
        assertEquals("24h", Durations.format(Duration.ofHours(24)));
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("9m59s", Durations.format(Duration.ofSeconds(599)));
        assertEquals("0s", Durations.format(Duration.ZERO));
    }

    @Test
    void aNumberTooLargeNamesCauseAndFix() {
        IdentitiesException e = org.junit.jupiter.api.Assertions.assertThrows(IdentitiesException.class,
                () -> Durations.parse("99999999999999999999", "tokenExpiry"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("tokenExpiry='99999999999999999999' is too large"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IdentitiesException.class, () -> Durations.parse("9999999999999999d", "tokenExpiry"));
    }
}
