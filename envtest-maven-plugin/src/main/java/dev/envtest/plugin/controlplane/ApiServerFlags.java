package dev.envtest.plugin.controlplane;

import dev.envtest.plugin.pki.ControlPlanePki;
import java.net.InetAddress;

/** kube-apiserver's flags: envtest's set, hardened (RBAC, no anonymous access), then the user's. */
public final class ApiServerFlags {

    public static final String SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";

    private ApiServerFlags() {
    }

    public static CommandLineFlags defaults(ControlPlanePki pki, InetAddress bindAddress, int securePort, String etcdUrl,
            java.nio.file.Path certDirectory) {
        return new CommandLineFlags()
                .set("etcd-servers", etcdUrl)
                .set("bind-address", bindAddress.getHostAddress())
                .set("secure-port", Integer.toString(securePort))
                .set("advertise-address", advertiseAddress(bindAddress))
                .set("cert-dir", certDirectory.toString())
                .set("tls-cert-file", pki.servingCertificateFile().toString())
                .set("tls-private-key-file", pki.servingKeyFile().toString())
                .set("client-ca-file", pki.caCertificateFile().toString())
                .set("service-account-key-file", pki.serviceAccountPublicKeyFile().toString())
                .set("service-account-signing-key-file", pki.serviceAccountPrivateKeyFile().toString())
                .setAll(sameInEveryRun());
    }

    /**
     * The flags whose values are the same in every run (the others are this run's ports, addresses and files). They
     * decide what the API server writes into an empty etcd at its first start, so they are part of the key of a saved
     * bootstrap ({@link EtcdSeedKey}): a flag added here changes the key by itself.
     */
    public static CommandLineFlags sameInEveryRun() {
        return new CommandLineFlags()
                .set("endpoint-reconciler-type", "none")
                .set("authorization-mode", "RBAC")
                .set("anonymous-auth", "false")
                .set("service-account-issuer", SERVICE_ACCOUNT_ISSUER)
                .set("service-cluster-ip-range", "10.0.0.0/24")
                .set("allow-privileged", "true")
                .set("disable-admission-plugins", "ServiceAccount")
                .set("profiling", "false");
    }

    /**
     * The address the API server announces. With a wildcard or loopback bind it would otherwise be derived from
     * the default route, which fails on hosts without one; the endpoint reconciler is off, so it is never dialled.
     */
    static String advertiseAddress(InetAddress bindAddress) {
        if (bindAddress.isAnyLocalAddress() || bindAddress.isLoopbackAddress()
                || bindAddress instanceof java.net.Inet6Address) {
            return "127.0.0.1";
        }
        return bindAddress.getHostAddress();
    }
}
