package dev.envtest.plugin.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * Asks the existing cluster, before anything is created in it, whether it answers, whether the TLS connection verifies
 * against the kubeconfig's CA, and whether it accepts the credentials: {@code GET /version}, then a list of namespaces
 * (the first thing provisioning needs). Each failure is one error naming the cause and the fix.
 */
public final class ClusterPreflight {

    private ClusterPreflight() {
    }

    /** The cluster's Kubernetes version (e.g. {@code 1.34.2}) once every check passed. */
    public static String check(UserKubeconfig kubeconfig) {
        try (KubernetesClient client = ExistingCluster.connectOverHttp11(kubeconfig)) {
            VersionInfo version;
            try {
                version = client.getKubernetesVersion();
                client.namespaces().list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
            } catch (KubernetesClientException e) {
                throw explain(e, kubeconfig);
            }
            String git = version == null ? null : version.getGitVersion();
            return git == null ? "unknown" : git.replaceFirst("^v", "");
        }
    }

    static ClusterException explain(KubernetesClientException e, UserKubeconfig kubeconfig) {
        String where = kubeconfig.server() + " (context \"" + kubeconfig.context() + "\" of " + kubeconfig.location().path() + ")";
        if (e.getCode() == 401) {
            return new ClusterException("cluster=existing: " + where + " refused the credentials (HTTP 401 Unauthorized): the"
                    + " context's user is not authenticated (an expired or revoked token, a certificate of another CA). Fix: renew"
                    + " the credentials of user \"" + kubeconfig.user() + "\" (e.g. log in again), or choose another context.", e);
        }
        if (e.getCode() == 403) {
            return new ClusterException("cluster=existing: " + where + " accepted the credentials but forbids listing namespaces"
                    + " (HTTP 403: \"" + statusMessage(e) + "\"); the plugin creates namespaces, CRDs, ServiceAccounts and RBAC."
                    + " Fix: use a context whose user may do that (cluster-admin on a test cluster).", e);
        }
        Throwable tls = cause(e, SSLException.class, CertificateException.class);
        if (tls != null) {
            return new ClusterException("cluster=existing: the TLS connection to " + where + " could not be verified ("
                    + tls.getMessage() + "). Fix: the kubeconfig's certificate-authority(-data) must be the CA that signed the"
                    + " server's certificate, and the certificate must name the server's host; correct the kubeconfig.", e);
        }
        Throwable unreachable = cause(e, ConnectException.class, HttpConnectTimeoutException.class, HttpTimeoutException.class,
                SocketTimeoutException.class, NoRouteToHostException.class, UnknownHostException.class);
        if (unreachable != null) {
            return new ClusterException("cluster=existing: the cluster does not answer at " + kubeconfig.server() + " (context \""
                    + kubeconfig.context() + "\" of " + kubeconfig.location().path() + "): " + unreachable.getClass().getSimpleName()
                    + (unreachable.getMessage() == null ? "" : " " + unreachable.getMessage()) + ". Fix: start the cluster (or"
                    + " its tunnel/port-forward), or choose the context of a running one.", e);
        }
        return new ClusterException("cluster=existing: " + where + " could not be asked for its version and namespaces: "
                + (e.getCode() > 0 ? "HTTP " + e.getCode() + " \"" + statusMessage(e) + "\"" : String.valueOf(rootMessage(e)))
                + ". Fix: check that the context works, e.g. kubectl --kubeconfig " + kubeconfig.location().path()
                + " --context " + kubeconfig.context() + " get namespaces.", e);
    }

    private static String statusMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : String.valueOf(e.getMessage());
    }

    @SafeVarargs
    private static Throwable cause(Throwable t, Class<? extends Throwable>... types) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(c)) {
                    return c;
                }
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
