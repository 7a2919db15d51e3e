package dev.envtest.plugin.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvFileTest {

    @Test
    void keyValueLinesCommentsExportAndQuotes() {
        Map<String, String> env = EnvFile.parse(List.of("# database", "", "POSTGRES_DB=records", "export PGUSER=app",
                "QUOTED=\"a b\"", "SINGLE='x=y'", "EMPTY=", "URL=postgres://u:p@h:5432/d?sslmode=disable"), "app.env", "container 'x'");
        assertEquals(Map.of("POSTGRES_DB", "records", "PGUSER", "app", "QUOTED", "a b", "SINGLE", "x=y", "EMPTY", "",
                "URL", "postgres://u:p@h:5432/d?sslmode=disable"), env);
    }

    @Test
    void aBadLineIsNamedByNumberNeverQuoted() {
        ContainerException e = assertThrows(ContainerException.class,
                () -> EnvFile.parse(List.of("OK=1", "secret-token-without-a-name"), "app.env", "container 'x'"));
        assertTrue(e.getMessage().contains("app.env line 2 is not KEY=VALUE") && e.getMessage().contains("Fix:"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-token"), e.getMessage());
    }

    @Test
    void aMissingFileSaysWhereItLooked() {
        ContainerException e = assertThrows(ContainerException.class, () -> EnvFile.read(Path.of("/nonexistent/app.env"), "container 'x'"));
        assertTrue(e.getMessage().contains("envFile /nonexistent/app.env cannot be read") && e.getMessage().contains("Fix:"), e.getMessage());
    }
}
