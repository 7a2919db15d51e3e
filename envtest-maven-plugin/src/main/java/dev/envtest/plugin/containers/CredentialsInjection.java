package dev.envtest.plugin.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Puts a ServiceAccount's credentials into a container the way its client library finds them: the in-cluster
 * bundle ({@code token}, {@code ca.crt}, {@code namespace} under {@value ServiceAccountRef#IN_CLUSTER_DIRECTORY} and
 * {@code KUBERNETES_SERVICE_HOST}/{@code _PORT}), or a kubeconfig file and {@code KUBECONFIG}. Files are 0644: a
 * non-root image user must read them, and they live only in this container. Variables the pom sets itself win.
 */
public final class CredentialsInjection {

    private CredentialsInjection() {
    }

    /**
     * The variables, which need only where the API server is: set when the container is created, which may be before
     * its ServiceAccount's token exists.
     */
    public static void env(ServiceAccountRef ref, ApiServerAddress apiServer, Map<String, String> env) {
        switch (ref.mode()) {
            case IN_CLUSTER -> {
                env.putIfAbsent("KUBERNETES_SERVICE_HOST", apiServer.host());
                env.putIfAbsent("KUBERNETES_SERVICE_PORT", apiServer.port());
            }
            case KUBECONFIG -> env.putIfAbsent("KUBECONFIG", CopyArchive.normalize(ref.kubeconfigPath()));
        }
    }

    /** The files: the token and the CA, as a bundle or in a kubeconfig; copied in just before the container starts. */
    public static void files(ServiceAccountRef ref, ContainerCredentials credentials, CopyArchive files) {
        switch (ref.mode()) {
            case IN_CLUSTER -> {
                String dir = ServiceAccountRef.IN_CLUSTER_DIRECTORY;
                files.content(dir + "/token", read(credentials.tokenFile(), "token", credentials).strip()
                        .getBytes(StandardCharsets.UTF_8), CopyArchive.FILE_MODE);
                files.content(dir + "/ca.crt", read(credentials.caFile(), "CA certificate", credentials)
                        .getBytes(StandardCharsets.UTF_8), CopyArchive.FILE_MODE);
                files.content(dir + "/namespace", credentials.namespace().getBytes(StandardCharsets.UTF_8), CopyArchive.FILE_MODE);
            }
            case KUBECONFIG -> files.content(CopyArchive.normalize(ref.kubeconfigPath()),
                    read(credentials.containerKubeconfig(), "container kubeconfig", credentials).getBytes(StandardCharsets.UTF_8),
                    CopyArchive.FILE_MODE);
        }
    }

    private static String read(Path file, String what, ContainerCredentials credentials) {
        try {
            String content = Files.readString(file);
            if (content.isBlank()) {
                throw new ContainerException("the " + what + " of ServiceAccount " + credentials.qualifiedName() + " (" + file
                        + ") is empty");
            }
            return content;
        } catch (IOException e) {
            throw new ContainerException("could not read the " + what + " of ServiceAccount " + credentials.qualifiedName()
                    + " (" + file + "): " + e.getMessage(), e);
        }
    }
}
