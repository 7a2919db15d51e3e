package dev.envtest.plugin.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.containers.ContainerException;
import dev.envtest.plugin.containers.ContainerSpec;
import dev.envtest.plugin.containers.PullPolicy;
import dev.envtest.plugin.registry.RegistryServer;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;

/** The start goal's registry parameters mapped to the core: pull policy defaults, offline, authentication/serverId. */
class RegistryParametersTest {

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    private static Container container(String name, String image) {
        Container c = new Container();
        c.set(name + "=" + image);
        return c;
    }

    private static final List<RegistryServer> SERVERS = List.of(new RegistryServer("ci-registry", Optional.of("u"), Optional.of("p")));

    @Test
    void theGoalsPullPolicyIsTheDefaultAContainersOwnWinsOfflineIsNever() throws Exception {
        Container plain = container("a", "r/a:1");
        Container own = container("b", "r/b:1");
        set(own, "pullPolicy", "never");
        ContainerParameters.Defaults always = new ContainerParameters.Defaults(PullPolicy.ALWAYS, false, List.of());
        assertEquals(PullPolicy.ALWAYS, ContainerParameters.toSpec(plain, 0, Path.of("."), always).image().pullPolicy());
        assertEquals(PullPolicy.NEVER, ContainerParameters.toSpec(own, 0, Path.of("."), always).image().pullPolicy());
        ContainerParameters.Defaults offline = new ContainerParameters.Defaults(PullPolicy.ALWAYS, true, List.of());
        assertEquals(PullPolicy.NEVER, ContainerParameters.toSpec(plain, 0, Path.of("."), offline).image().pullPolicy());
    }

    @Test
    void aServerIdNamesASettingsServerOrFailsWithTheFix() throws Exception {
        Container c = container("postgres", "127.0.0.1:5443/envtest/postgresql:15");
        ContainerAuthentication a = new ContainerAuthentication();
        set(a, "serverId", "ci-registry");
        set(c, "authentication", a);
        ContainerParameters.Defaults defaults = new ContainerParameters.Defaults(PullPolicy.MISSING, false, SERVERS);
        ContainerSpec spec = ContainerParameters.toSpec(c, 0, Path.of("."), defaults);
        assertEquals("ci-registry", spec.image().authentication().orElseThrow().server().orElseThrow().id());

        set(a, "serverId", "no-such-server");
        ContainerException e = assertThrows(ContainerException.class, () -> ContainerParameters.toSpec(c, 0, Path.of("."), defaults));
        assertTrue(e.getMessage().contains("authentication/serverId 'no-such-server' names no <server> in Maven's settings (its servers: ci-registry)")
                && e.getMessage().contains("Fix: add <server><id>no-such-server</id>"), e.getMessage());
    }

    @Test
    void anAuthenticationWithOnlyEmptyValuesMeansNone() throws Exception {
        Container c = container("redis", "r/redis:7");
        set(c, "authentication", new ContainerAuthentication());
        ContainerSpec spec = ContainerParameters.toSpec(c, 0, Path.of("."), ContainerParameters.Defaults.NONE);
        assertTrue(spec.image().authentication().isEmpty());
    }

    @Test
    void settingsServersBecomePlainRecords() {
        Settings settings = new Settings();
        Server s = new Server();
        s.setId("127.0.0.1:5443");
        s.setUsername("envtest");
        s.setPassword("plain-secret");
        settings.addServer(s);
        RegistryServers.Decrypted d = RegistryServers.of(settings, null);
        assertEquals(List.of(new RegistryServer("127.0.0.1:5443", Optional.of("envtest"), Optional.of("plain-secret"))), d.servers());
        assertTrue(!d.servers().get(0).toString().contains("plain-secret"));
    }

    @Test
    void envFileThenEnvAndTmpfsMounts(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("app.env"), "A=from-file\nB=from-file\n");
        Container c = container("app", "r/app:1");
        set(c, "envFile", dir.resolve("app.env").toFile());
        set(c, "env", new java.util.LinkedHashMap<>(java.util.Map.of("B", "from-pom")));
        set(c, "tmpfs", new java.util.ArrayList<>(List.of("/var/lib/postgresql/data", "/tmp:size=64m")));
        ContainerSpec spec = ContainerParameters.toSpec(c, 0, dir, ContainerParameters.Defaults.NONE);
        assertEquals(java.util.Map.of("A", "from-file", "B", "from-pom"), spec.env());
        assertEquals(java.util.Map.of("/var/lib/postgresql/data", "", "/tmp", "size=64m"), spec.tmpfs());

        set(c, "tmpfs", new java.util.ArrayList<>(List.of("relative/path")));
        assertTrue(assertThrows(ContainerException.class, () -> ContainerParameters.toSpec(c, 0, dir, ContainerParameters.Defaults.NONE))
                .getMessage().contains("tmpfs 'relative/path' is not an absolute path"));
    }

    @Test
    void volumesAreNameColonPath() throws Exception {
        Container c = container("db", "r/db:1");
        set(c, "volumes", new java.util.ArrayList<>(List.of("pgdata:/var/lib/postgresql/data")));
        assertEquals(java.util.Map.of("pgdata", "/var/lib/postgresql/data"),
                ContainerParameters.toSpec(c, 0, Path.of("."), ContainerParameters.Defaults.NONE).volumes());
        set(c, "volumes", new java.util.ArrayList<>(List.of("/host/dir:/data")));
        assertTrue(assertThrows(ContainerException.class, () -> ContainerParameters.toSpec(c, 0, Path.of("."), ContainerParameters.Defaults.NONE))
                .getMessage().contains("volume '/host/dir:/data' is not name:/path"));
    }
}
