package dev.envtest.plugin.doctor;

import dev.envtest.plugin.containers.ContainerException;
import dev.envtest.plugin.containers.ProbeContainer;
import dev.envtest.plugin.containers.ServiceAccountRef;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.pki.CertificateAuthority;
import dev.envtest.plugin.pki.IssuedCertificate;
import dev.envtest.plugin.pki.SubjectAlternativeName;
import dev.envtest.plugin.pki.TlsContexts;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.text.Placeholders;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The doctor's end-to-end check: a throw-away CA and serving certificate with the names start would put in the API
 * server's, a {@link TlsProbeListener} on the address and port start would bind, and a container on a fresh network
 * ({@link ProbeContainer}) that dials the name start would give containers, with the CA and a token where a Pod has
 * them ({@code KUBERNETES_SERVICE_HOST}/{@code _PORT} and {@value ServiceAccountRef#IN_CLUSTER_DIRECTORY}). Success
 * needs both sides: the listener got a request with the token after a completed handshake, and the container exited 0.
 */
final class ConnectBack {

    static final String TOPIC = "container probe";

    private final Reporter reporter;

    ConnectBack(Reporter reporter) {
        this.reporter = reporter;
    }

    Finding run(ProbeRequest probe, EngineInfo engine, HostAccess access, InetAddress bind, int port,
            List<SubjectAlternativeName> sans, Path logFile) {
        CertificateAuthority ca = CertificateAuthority.create("envtest-doctor-ca", Duration.ofHours(1));
        IssuedCertificate serving = ca.issueServing("envtest-doctor", sans);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = "envtest-doctor-" + HexFormat.of().formatHex(random);
        try (TlsProbeListener listener = TlsProbeListener.open(bind, port, TlsContexts.serverContext(ca.certificate(), serving), token)) {
            String url = "https://" + access.containerHost() + ":" + listener.port() + "/version";
            Map<String, String> values = Map.of("envtest.doctor.url", url,
                    "envtest.doctor.ca", ServiceAccountRef.IN_CLUSTER_DIRECTORY + "/ca.crt",
                    "envtest.doctor.host", access.containerHost(), "envtest.doctor.port", Integer.toString(listener.port()));
            Placeholders placeholders = new Placeholders(values);
            List<String> args = probe.args().stream().map(a -> placeholders.resolve(a).text()).toList();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KUBERNETES_SERVICE_HOST", access.containerHost());
            env.put("KUBERNETES_SERVICE_PORT", Integer.toString(listener.port()));
            env.put("ENVTEST_DOCTOR_URL", url);
            env.put("ENVTEST_DOCTOR_CA", values.get("envtest.doctor.ca"));
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(ServiceAccountRef.IN_CLUSTER_DIRECTORY + "/ca.crt", ca.certificate().certificatePem().getBytes(StandardCharsets.UTF_8));
            files.put(ServiceAccountRef.IN_CLUSTER_DIRECTORY + "/token", token.getBytes(StandardCharsets.UTF_8));
            files.put(ServiceAccountRef.IN_CLUSTER_DIRECTORY + "/namespace", "default".getBytes(StandardCharsets.UTF_8));
            List<String> extraHosts = access.addHost().map(List::of).orElse(List.of());
            String what = probe.image().describe() + (args.isEmpty() ? "" : " " + String.join(" ", args)) + ", dialling " + url;
            ProbeContainer.Outcome outcome;
            try {
                outcome = new ProbeContainer(engine, reporter).run(new ProbeContainer.Run(probe.image(), args, env, files, extraHosts,
                        probe.timeout(), logFile));
            } catch (ContainerException e) {
                return Finding.fail(TOPIC, List.of(what, e.getMessage()));
            }
            return verdict(what, outcome, listener, bind, logFile, probe.timeout());
        } catch (IOException e) {
            return Finding.fail(TOPIC, List.of("could not listen on " + bind.getHostAddress() + ":" + port + ": " + e.getMessage()));
        }
    }

    private static Finding verdict(String what, ProbeContainer.Outcome outcome, TlsProbeListener listener, InetAddress bind,
            Path logFile, Duration timeout) {
        List<String> lines = new ArrayList<>();
        lines.add(what + " (network " + outcome.network() + ", removed)");
        List<TlsProbeListener.Connection> connections = listener.connections();
        String listened = "listener on " + bind.getHostAddress() + ":" + listener.port();
        if (connections.isEmpty()) {
            lines.add(listened + ": no connection arrived");
        } else {
            connections.forEach(c -> lines.add(listened + ": " + c.describe()));
        }
        lines.add(!outcome.exited() ? "the container still ran after " + timeout.toSeconds() + " s (envtest.doctor.timeout)"
                : "the container exited with code " + outcome.exitCode());
        boolean ok = outcome.exited() && outcome.exitCode() == 0 && listener.verifiedRequest();
        if (ok) {
            lines.set(0, "a container reached the API server's address over verified TLS: " + lines.get(0));
            return Finding.ok(TOPIC, lines);
        }
        if (!outcome.logTail().isEmpty()) {
            lines.add("its last log lines (all in " + logFile + "):");
            outcome.logTail().forEach(l -> lines.add("  | " + l));
        }
        lines.add(connections.isEmpty()
                ? "Fix: nothing reached the listener, so containers of this engine cannot reach that address; see the networking"
                        + " guide for your engine, or set bindAddress/containerHost"
                : connections.stream().anyMatch(c -> !c.handshake())
                        ? "Fix: the container reached the address but refused the TLS certificate; it must trust the CA"
                                + " (envtest.doctor.ca) and dial a name of the certificate (containerHost, extraSans)"
                        : outcome.exitCode() == 0 ? "Fix: the container made no request with the probe's token; give args that"
                                + " make it call ${envtest.doctor.url} (-Denvtest.doctor.args)"
                                : "Fix: see the container's log above");
        return Finding.fail(TOPIC, lines);
    }
}
