package dev.envtest.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn -X}: every debug logger on, a container that receives a ServiceAccount token and kubeconfig through the
 * engine's archive API. No token (nor the admin's private key) may appear in the output; docker-java's wire log would
 * print them byte for byte.
 */
class DebugLogIT {

    @Test
    void debugOutputCarriesNoSecret() throws Exception {
        assertNoSecretIn("debug");
    }

    /**
     * The build asks for the transport's wire log by name (more specific than the plugin's own setting): the logger is
     * then made at DEBUG, and the plugin lowers it directly before any request — or refuses to copy credentials.
     */
    @Test
    void evenWhenTheBuildAsksForTheWireLog() throws Exception {
        assertNoSecretIn("debug-wire", "-Dorg.slf4j.simpleLogger.log.com.github.dockerjava.zerodep.shaded.org.apache.hc.client5.http.wire=debug",
                "-Dorg.slf4j.simpleLogger.log.com.github.dockerjava.zerodep.shaded.org.apache.hc.client5.http.headers=debug");
    }

    private void assertNoSecretIn(String name, String... extra) throws Exception {
        NestedBuild build = NestedBuild.of(name);
        // keepRunning: the tokens and key files stay for this test to read, then envtest:stop ends the run
        String output;
        Properties exported;
        List<String> secrets = new ArrayList<>();
        try {
            List<String> args = new ArrayList<>(List.of("-X", "verify", "-Dhold=0", "-Denvtest.keepRunning=true"));
            args.addAll(List.of(extra));
            output = build.run(args.toArray(String[]::new));
            exported = build.exported();
            for (String key : exported.stringPropertyNames()) {
                if (key.endsWith(".token")) {
                    secrets.add(exported.getProperty(key));
                }
            }
            String key = Files.readString(build.workDirectory().resolve("pki").resolve("admin.key"));
            secrets.add(key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow());
        } finally {
            build.run("envtest:stop");
        }
        assertTrue(output.contains("[DEBUG]"), "the build ran with debug output");
        assertTrue(output.contains("Containers ready: 1"), "the container with credentials started:\n" + build.tail());
        assertEquals(2, secrets.size(), "a token and a key to look for: " + exported.stringPropertyNames());
        for (String secret : secrets) {
            assertTrue(secret.length() > 40, "a real secret: " + secret.length() + " chars");
            assertFalse(output.contains(secret), "a secret appears in the -X output");
            // a secret cut over two wire-log lines still shows a long piece of itself
            assertFalse(output.contains(secret.substring(0, 40)), "the start of a secret appears in the -X output");
        }
        assertFalse(output.contains("http-outgoing"), "no wire log of the engine's transport");
    }
}
