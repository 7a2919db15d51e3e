package dev.envtest.plugin.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.pki.ControlPlanePki;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerFlagsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreEnvtestsSetHardened() throws Exception {
        ControlPlanePki pki = ControlPlanePki.generate(dir, List.of(), Duration.ofDays(1));
        CommandLineFlags flags = ApiServerFlags.defaults(pki, InetAddress.getByName("0.0.0.0"), 6443, "http://127.0.0.1:2379", dir);
        assertEquals("RBAC", flags.get("authorization-mode"));
        assertEquals("false", flags.get("anonymous-auth"));
        assertEquals("0.0.0.0", flags.get("bind-address"));
        assertEquals("127.0.0.1", flags.get("advertise-address"), "explicit: never derived from a default route");
        assertEquals("6443", flags.get("secure-port"));
        assertEquals("http://127.0.0.1:2379", flags.get("etcd-servers"));
        assertEquals(pki.caCertificateFile().toString(), flags.get("client-ca-file"));
        assertEquals(pki.servingCertificateFile().toString(), flags.get("tls-cert-file"));
        assertEquals(pki.serviceAccountPrivateKeyFile().toString(), flags.get("service-account-signing-key-file"));
        assertEquals(pki.serviceAccountPublicKeyFile().toString(), flags.get("service-account-key-file"));
        assertTrue(flags.has("service-account-issuer"));
    }

    @Test
    void anExtraFlagKeepsEveryDefault() throws Exception {
        ControlPlanePki pki = ControlPlanePki.generate(dir, List.of(), Duration.ofDays(1));
        CommandLineFlags flags = ApiServerFlags.defaults(pki, InetAddress.getByName("127.0.0.1"), 6443, "http://127.0.0.1:2379", dir);
        int before = flags.toArguments().size();
        flags.override(List.of("--audit-log-maxage=1"), "apiServerArgs");
        assertEquals(before + 1, flags.toArguments().size());
        assertEquals("http://127.0.0.1:2379", flags.get("etcd-servers"));
    }

    @Test
    void advertiseAddressIsTheBindAddressOnlyWhenThatIsASpecificIpv4() throws Exception {
        assertEquals("10.1.2.3", ApiServerFlags.advertiseAddress(InetAddress.getByName("10.1.2.3")));
        assertEquals("127.0.0.1", ApiServerFlags.advertiseAddress(InetAddress.getByName("::1")));
        assertEquals("127.0.0.1", ApiServerFlags.advertiseAddress(InetAddress.getByName("::")));
        assertEquals("127.0.0.1", ApiServerFlags.advertiseAddress(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void hostSideClientsUseLoopbackWhenTheServerListensOnAWildcard() throws Exception {
        assertEquals("127.0.0.1", ControlPlane.hostSideAddress(InetAddress.getByName("0.0.0.0")));
        assertEquals("0:0:0:0:0:0:0:1", ControlPlane.hostSideAddress(InetAddress.getByName("::1")));
        assertEquals("[::1]", LocalAddresses.urlHost("::1"));
        assertEquals("host.containers.internal", LocalAddresses.urlHost("host.containers.internal"));
    }
}
