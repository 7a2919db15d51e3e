package dev.envtest.plugin.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {

    @TempDir
    Path dir;

    private static final ImageName IMAGE = ImageName.parse("127.0.0.1:5443/envtest/postgresql:15");

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, String json) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, json);
        return p;
    }

    @Test
    void imageNamesSplitAsEnginesDo() {
        assertEquals(new ImageName("docker.io", "library/postgres", "16"), ImageName.parse("postgres:16"));
        assertEquals(new ImageName("docker.io", "bitnami/redis", "latest"), ImageName.parse("bitnami/redis"));
        assertEquals(new ImageName("127.0.0.1:5443", "envtest/postgresql", "15"), IMAGE);
        assertEquals(new ImageName("localhost", "x", "sha256:ab"), ImageName.parse("localhost/x@sha256:ab"));
        assertEquals("docker.io", ImageName.normalizeHost("https://index.docker.io/v1/"));
        assertEquals("quay.io/ns", ImageName.normalizeHost("quay.io/ns/"));
    }

    @Test
    void theContainersOwnServerWinsOverEverything() throws IOException {
        Path auth = write("auth.json", "{\"auths\":{\"127.0.0.1:5443\":{\"auth\":\"" + basic("file", "f") + "\"}}}");
        RegistryServer own = new RegistryServer("ci", Optional.of("own"), Optional.of("secret-own"));
        RegistryServer byHost = new RegistryServer("127.0.0.1:5443", Optional.of("host"), Optional.of("secret-host"));
        RegistryCredentials r = new RegistryCredentials(List.of(own, byHost), Map.of("REGISTRY_AUTH_FILE", auth.toString()), dir);

        RegistryCredential c = r.find(IMAGE, Optional.of(RegistryAuthentication.ofServer(own))).credential().orElseThrow();
        assertEquals("own", c.username());
        assertEquals("secret-own", c.password());
        assertTrue(c.source().contains("'ci'"), c.source());

        RegistryCredential h = r.find(IMAGE, Optional.empty()).credential().orElseThrow();
        assertEquals("host", h.username());
        assertEquals("settings.xml server '127.0.0.1:5443'", h.source());
    }

    @Test
    void authFilesInOrderMostSpecificKeyFirst() throws IOException {
        Path registryAuthFile = write("reg/auth.json", "{\"auths\":{"
                + "\"127.0.0.1:5443\":{\"auth\":\"" + basic("host-wide", "a") + "\"},"
                + "\"127.0.0.1:5443/envtest\":{\"auth\":\"" + basic("namespace", "b") + "\"},"
                + "\"127.0.0.1:5443/other\":{\"auth\":\"" + basic("other", "c") + "\"}}}");
        write("run/containers/auth.json", "{\"auths\":{\"127.0.0.1:5443\":{\"auth\":\"" + basic("podman", "p") + "\"}}}");
        Map<String, String> env = Map.of("REGISTRY_AUTH_FILE", registryAuthFile.toString(), "XDG_RUNTIME_DIR", dir.resolve("run").toString());
        RegistryCredential c = new RegistryCredentials(List.of(), env, dir).find(IMAGE, Optional.empty()).credential().orElseThrow();
        assertEquals("namespace", c.username());
        assertEquals("b", c.password());
        assertTrue(c.source().startsWith("$REGISTRY_AUTH_FILE"), c.source());

        // without REGISTRY_AUTH_FILE: Podman's file
        RegistryCredential p = new RegistryCredentials(List.of(), Map.of("XDG_RUNTIME_DIR", dir.resolve("run").toString()), dir)
                .find(IMAGE, Optional.empty()).credential().orElseThrow();
        assertEquals("podman", p.username());
    }

    @Test
    void dockerConfigAuthsAndDockerHubAliases() throws IOException {
        write("home/.docker/config.json", "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + basic("hub", "h") + "\"},"
                + "\"127.0.0.1:5443\":{\"username\":\"plain\",\"password\":\"pw\"}}}");
        RegistryCredentials r = new RegistryCredentials(List.of(), Map.of(), dir.resolve("home"));
        assertEquals("hub", r.find(ImageName.parse("postgres:16"), Optional.empty()).credential().orElseThrow().username());
        RegistryCredential c = r.find(IMAGE, Optional.empty()).credential().orElseThrow();
        assertEquals("plain", c.username());
        assertEquals("pw", c.password());
    }

    @Test
    void credentialHelperOnThePathAnswers() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path helper = bin.resolve("docker-credential-envtest");
        // a real helper program: reads the server on stdin and answers as the protocol says
        Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 2\nread server\n"
                + "if [ \"$server\" = 127.0.0.1:5443 ]; then echo '{\"ServerURL\":\"127.0.0.1:5443\",\"Username\":\"helped\",\"Secret\":\"s3\"}';"
                + " else echo 'credentials not found in native keychain'; exit 1; fi\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        write("home/.docker/config.json", "{\"credHelpers\":{\"127.0.0.1:5443\":\"envtest\"},"
                + "\"auths\":{\"quay.io\":{\"auth\":\"" + basic("inline", "i") + "\"}}}");
        Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin");
        RegistryCredentials r = new RegistryCredentials(List.of(), env, dir.resolve("home"));
        RegistryCredential c = r.find(IMAGE, Optional.empty()).credential().orElseThrow();
        assertEquals("helped", c.username());
        assertEquals("s3", c.password());
        assertTrue(c.source().contains("docker-credential-envtest"), c.source());
        assertEquals("inline", r.find(ImageName.parse("quay.io/x/y:1"), Optional.empty()).credential().orElseThrow().username());

        write("home/.docker/config.json", "{\"credsStore\":\"envtest\"}");
        assertEquals("helped", r.find(IMAGE, Optional.empty()).credential().orElseThrow().username());
        RegistryCredentials.Lookup none = r.find(ImageName.parse("quay.io/x/y:1"), Optional.empty());
        assertTrue(none.credential().isEmpty());
        assertTrue(none.searched().stream().anyMatch(s -> s.contains("credsStore")), none.searched().toString());
    }

    private Map<String, String> helperOnPath(String script) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path helper = bin.resolve("docker-credential-envtest");
        Files.writeString(helper, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Map.of("PATH", bin + ":/usr/bin:/bin");
    }

    @Test
    void aHelpersErrorOutputIsNoPartOfItsAnswer() throws IOException {
        Map<String, String> env = helperOnPath("echo 'warning: keychain is slow' >&2\n"
                + "echo '{\"Username\":\"helped\",\"Secret\":\"s3\"}'");
        RegistryCredential c = new CredentialHelpers(env).get("envtest", "127.0.0.1:5443", "test").orElseThrow();
        assertEquals("helped", c.username());
    }

    @Test
    void aHelperThatNeverAnswersIsStoppedAtItsDeadlineWithWhatItStarted() throws Exception {
        Path pid = dir.resolve("child.pid");
        // as a helper waiting on a keychain prompt, with a child holding its output open
        Map<String, String> env = helperOnPath("read server; sleep 60 & echo $! > " + pid + "; wait");
        RegistryException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(RegistryException.class, () -> new CredentialHelpers(env, Duration.ofMillis(500))
                        .get("envtest", "127.0.0.1:5443", "~/.docker/config.json credsStore")));
        assertTrue(e.getMessage().contains("did not answer within 500 ms (it was stopped)") && e.getMessage().contains("Fix:"),
                e.getMessage());
        long child = Long.parseLong(Files.readString(pid).trim());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            while (running(child)) {
                Thread.sleep(20);
            }
        });
    }

    /** Neither gone nor a zombie (killed, not yet reaped by whoever inherited it). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aHelperAnsweringSomethingOtherThanJsonIsNotQuoted() throws IOException {
        Map<String, String> env = helperOnPath("echo 's3cr3tNeverShown'");
        RegistryException e = assertThrows(RegistryException.class,
                () -> new CredentialHelpers(env).get("envtest", "127.0.0.1:5443", "test"));
        assertTrue(e.getMessage().contains("something other than JSON") && e.getMessage().contains("Fix:"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("s3cr3t"), "a cause quotes it: " + t);
        }
    }

    @Test
    void aHelperNotOnThePathIsAnErrorWithTheFix() throws IOException {
        write("home/.docker/config.json", "{\"credsStore\":\"desktop\"}");
        RegistryException e = assertThrows(RegistryException.class, () -> new RegistryCredentials(List.of(),
                Map.of("PATH", dir.toString()), dir.resolve("home")).find(IMAGE, Optional.empty()));
        assertTrue(e.getMessage().contains("docker-credential-desktop") && e.getMessage().contains("Fix:"), e.getMessage());
    }

    @Test
    void nothingFoundListsEverySourceLookedAt() {
        RegistryCredentials.Lookup l = new RegistryCredentials(List.of(), Map.of("XDG_RUNTIME_DIR", dir.toString()), dir)
                .find(IMAGE, Optional.empty());
        assertFalse(l.credential().isPresent());
        String all = String.join("\n", l.searched());
        assertTrue(all.contains("settings.xml: no <server> with id 127.0.0.1:5443"), all);
        assertTrue(all.contains("$REGISTRY_AUTH_FILE: not set"), all);
        assertTrue(all.contains("containers/auth.json: no such file"), all);
        assertTrue(all.contains(".docker/config.json: no such file"), all);
    }

    @Test
    void secretsNeverInTextsAndBrokenFilesDoNotQuoteThem() throws IOException {
        RegistryCredential c = RegistryCredential.of("r", "u", "hunter2-secret", "somewhere");
        assertFalse(c.toString().contains("hunter2"));
        assertFalse(c.describe().contains("hunter2"));
        assertFalse(new RegistryServer("id", Optional.of("u"), Optional.of("hunter2-secret")).toString().contains("hunter2"));
        Path broken = write("broken.json", "{\"auths\":{\"127.0.0.1:5443\":{\"password\":\"hunter2-secret\" oops}}}");
        RegistryException e = assertThrows(RegistryException.class, () -> new RegistryCredentials(List.of(),
                Map.of("REGISTRY_AUTH_FILE", broken.toString()), dir).find(IMAGE, Optional.empty()));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        // a value left unquoted is the token Jackson's message names ("Unrecognized token 'aHVudGVyMg'")
        write("broken.json", "{\"auths\":{\"127.0.0.1:5443\":{\"auth\":aHVudGVyMg}}}");
        RegistryException unquoted = assertThrows(RegistryException.class, () -> new RegistryCredentials(List.of(),
                Map.of("REGISTRY_AUTH_FILE", broken.toString()), dir).find(IMAGE, Optional.empty()));
        assertFalse(unquoted.getMessage().contains("aHVudGVyMg"), unquoted.getMessage());
        assertTrue(unquoted.getMessage().contains("not valid JSON (line 1, column ") && unquoted.getMessage().contains("Fix:"),
                unquoted.getMessage());
    }
}
