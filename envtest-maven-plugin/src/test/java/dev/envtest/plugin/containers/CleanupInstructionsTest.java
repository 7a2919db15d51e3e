package dev.envtest.plugin.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.session.SessionFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepRunning's message: what is left up, and the commands that remove it. */
class CleanupInstructionsTest {

    @TempDir
    Path work;

    @Test
    void listsWhatRunsAndHowToRemoveIt() {
        SessionFile session = SessionFile.create(work.resolve("session.json"), "s1");
        session.started("kube-apiserver", ProcessHandle.current());
        session.created(ContainerCleaner.ENGINE, "unix:///run/podman/podman.sock", "Podman 4.3.1");
        session.created(ContainerCleaner.NETWORK, "n1", "envtest-1234abcd");
        session.created(ContainerCleaner.CONTAINER, "c1", "envtest-1234abcd-datastorage");
        session.created(ContainerCleaner.CONTAINER, "c2", "envtest-1234abcd-caller");
        long pid = ProcessHandle.current().pid();
        assertEquals("envtest.keepRunning: leaving running: kube-apiserver (pid " + pid + "), container envtest-1234abcd-datastorage,"
                + " container envtest-1234abcd-caller, network envtest-1234abcd.\n"
                + "  Connect with the properties in " + work.resolve("envtest.properties") + "; logs in " + work.resolve("logs") + ".\n"
                + "  Clean up with: mvn envtest:stop (in /p), or by hand:\n"
                + "    podman rm -f envtest-1234abcd-datastorage envtest-1234abcd-caller\n"
                + "    podman network rm envtest-1234abcd\n"
                + "    kill " + pid + "\n"
                + "  (the next envtest:start in this project also removes them first)",
                CleanupInstructions.describe(session, work, Path.of("/p")));
    }

    @Test
    void onDockerTheCommandsAreDockers() {
        SessionFile session = SessionFile.create(work.resolve("session.json"), "s3");
        session.created(ContainerCleaner.ENGINE, "unix:///var/run/docker.sock", "Docker 20.10.24+dfsg1");
        session.created(ContainerCleaner.NETWORK, "n1", "envtest-1234abcd");
        session.created(ContainerCleaner.CONTAINER, "c1", "envtest-1234abcd-caller");
        String text = CleanupInstructions.describe(session, work, Path.of("/p"));
        assertTrue(text.contains("\n    docker rm -f envtest-1234abcd-caller\n    docker network rm envtest-1234abcd"), text);
    }

    @Test
    void objectsInAnExistingClusterAreDeletedWithKubectlNamespacesLast() {
        SessionFile session = SessionFile.create(work.resolve("session.json"), "s4");
        session.created("cluster", "/home/u/.kube/config", "kind-dev");
        session.createdObject("v1", "Namespace", null, "team");
        session.createdObject("v1", "ConfigMap", "team", "settings");
        session.createdObject("example.dev/v1", "Widget", "team", "one");
        String text = CleanupInstructions.describe(session, work, Path.of("/p"));
        assertTrue(text.startsWith("envtest.keepRunning: leaving running: 3 Kubernetes object(s) created in the existing cluster."), text);
        String kubectl = "\n    kubectl --kubeconfig /home/u/.kube/config --context kind-dev delete ";
        assertTrue(text.contains(kubectl + "Widget.example.dev/one -n team" + kubectl + "ConfigMap/settings -n team" + kubectl
                + "Namespace/team\n"), text);
    }

    @Test
    void saysSoWhenNothingRuns() {
        SessionFile session = SessionFile.create(work.resolve("session.json"), "s2");
        assertEquals("envtest.keepRunning: nothing is running from " + work, CleanupInstructions.describe(session, work, Path.of("/p")));
    }
}
