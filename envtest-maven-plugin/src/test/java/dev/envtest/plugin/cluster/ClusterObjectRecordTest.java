package dev.envtest.plugin.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.identities.ObjectOwnership;
import dev.envtest.plugin.session.SessionFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run records of the objects it creates, how the record reads back, and the order they are deleted in. */
class ClusterObjectRecordTest {

    @TempDir
    Path work;

    @Test
    void ownershipRecordsOnceAndLabelsOnlyWhatItWasToldIsCreated() {
        List<String> recorded = new ArrayList<>();
        ObjectOwnership ownership = ObjectOwnership.labelling("0f3c", (v, k, ns, n) -> recorded.add(v + " " + k + " " + ns + " " + n));
        assertTrue(ownership.active());
        assertFalse(ownership.owns("v1", "Namespace", null, "team"));
        ownership.creating("v1", "Namespace", null, "team");
        ownership.creating("v1", "Namespace", null, "team");
        assertTrue(ownership.owns("v1", "Namespace", null, "team"));
        assertFalse(ownership.owns("v1", "ConfigMap", "team", "team"));
        assertEquals(List.of("v1 Namespace null team"), recorded, "recorded once");
        assertEquals(Map.of("a", "b", ObjectOwnership.LABEL, "0f3c"), ownership.withLabel(Map.of("a", "b")));
        assertFalse(ObjectOwnership.none().active());
        assertThrows(IllegalArgumentException.class, () -> ObjectOwnership.labelling("x".repeat(64), (v, k, ns, n) -> { }),
                "a label value has at most 63 characters");
    }

    @Test
    void objectsAreRecordedWithTheirCoordinatesAndReadBack() throws Exception {
        Path file = work.resolve("session.json");
        SessionFile session = SessionFile.create(file, "s-1");
        session.created(ClusterObjectCleaner.CLUSTER, "/home/u/.kube/config", "kind-dev");
        session.createdObject("v1", "Namespace", null, "team");
        session.createdObject("rbac.authorization.k8s.io/v1", "RoleBinding", "team", "envtest:sa:view");
        SessionFile read = SessionFile.load(file).orElseThrow();
        List<SessionFile.ResourceEntry> resources = read.resources();
        assertEquals(3, resources.size());
        SessionFile.ResourceEntry binding = resources.get(2);
        assertEquals(SessionFile.OBJECT, binding.kind);
        assertEquals("rbac.authorization.k8s.io/v1", binding.apiVersion);
        assertEquals("RoleBinding", binding.objectKind);
        assertEquals("team", binding.namespace);
        assertEquals("envtest:sa:view", binding.objectName);
        assertEquals("team/RoleBinding/envtest:sa:view", binding.name);
        assertEquals(null, resources.get(1).namespace, "cluster-scoped");
        String json = Files.readString(file);
        assertFalse(json.contains("\"apiVersion\" : null"), "engine entries carry no object fields: " + json);
        read.removed(SessionFile.OBJECT, binding.id);
        assertEquals(2, SessionFile.load(file).orElseThrow().resources().size());
    }

    @Test
    void aRecordWrittenBeforeObjectsExistedReadsTheSame() throws Exception {
        Path file = Files.writeString(work.resolve("session.json"), """
                {"sessionId":"old","startedAt":"2026-01-01T00:00:00Z","workDirectory":"/w","processes":[],
                 "resources":[{"kind":"container","id":"abc","name":"envtest-1-x"}]}
                """);
        SessionFile.ResourceEntry container = SessionFile.load(file).orElseThrow().resources().get(0);
        assertEquals("container", container.kind);
        assertEquals(null, container.objectKind);
    }

    @Test
    void deletionIsTheReverseOfCreationWithNamespacesLast() {
        List<SessionFile.ResourceEntry> created = List.of(entry("v1", "Namespace", null, "a"), entry("v1", "ConfigMap", "a", "c1"),
                entry("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "w.example"), entry("v1", "Namespace", null, "b"),
                entry("example/v1", "Widget", "b", "one"), entry("v1", "ServiceAccount", "a", "sa"));
        List<String> order = ClusterObjectCleaner.ordered(created).stream().map(r -> r.objectKind + "/" + r.objectName).toList();
        assertEquals(List.of("ServiceAccount/sa", "Widget/one", "CustomResourceDefinition/w.example", "ConfigMap/c1",
                "Namespace/b", "Namespace/a"), order);
    }

    private static SessionFile.ResourceEntry entry(String apiVersion, String kind, String namespace, String name) {
        SessionFile.ResourceEntry e = new SessionFile.ResourceEntry();
        e.kind = SessionFile.OBJECT;
        e.apiVersion = apiVersion;
        e.objectKind = kind;
        e.namespace = namespace;
        e.objectName = name;
        e.id = SessionFile.objectId(apiVersion, kind, namespace, name);
        e.name = kind + "/" + name;
        return e;
    }
}
