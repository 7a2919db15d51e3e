package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.StoreBinaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.identities.AdminClient;
import dev.envtest.plugin.identities.IdentitiesRequest;
import dev.envtest.plugin.identities.ServiceAccountSpec;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.WorkDirectory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * warmEtcd against the real binaries: a start on a saved bootstrap behaves exactly as a cold one — the same
 * authentication and authorization answers (TokenReview, SubjectAccessReview through the run's and the bootstrap RBAC),
 * CRDs established and served, this run's client CA in extension-apiserver-authentication, the kubernetes Service on
 * this run's port — while a token of an earlier run is refused; a corrupt seed means a cold start, and the seed is made
 * again. Each test has a cache directory of its own (XDG_CACHE_HOME), so the first start is always cold.
 */
class WarmEtcdIT {

    @TempDir
    Path work;

    @TempDir
    Path project;

    @TempDir
    Path cache;

    private final List<String> debug = new ArrayList<>();

    private final Reporter reporter = new Reporter() {
        public void info(String message) {
        }

        public void warn(String message) {
        }

        public synchronized void debug(String message) {
            debug.add(message);
        }
    };


    @BeforeEach
    void binariesInstalled() {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
    }

    @AfterEach
    void nothingIsLeftRunning() {
        new EnvtestStop(Reporter.silent(), List.of()).stop(work);
        List<String> children = ProcessHandle.current().descendants()
                .map(h -> h.info().command().orElse(""))
                .filter(c -> c.endsWith("etcd") || c.endsWith("kube-apiserver"))
                .toList();
        assertEquals(List.of(), children, "no etcd or kube-apiserver (the seeding pair included) may survive");
    }

    private StartRequest request(boolean warm) throws IOException {
        Path manifest = project.resolve("k8s/role.yaml");
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: team-a
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: config-reader
                  namespace: team-a
                rules:
                - apiGroups: [""]
                  resources: ["configmaps"]
                  verbs: ["get", "list"]
                """);
        Path crd = project.resolve("crd/widgets.yaml");
        Files.createDirectories(crd.getParent());
        Files.writeString(crd, """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: widgets.example.com
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec: {type: object, properties: {size: {type: integer}}}
                """);
        ServiceAccountSpec reader = new ServiceAccountSpec("serviceAccounts[0]", "reader", "team-a", List.of(),
                List.of("config-reader"), List.of(), List.of(), Duration.ofHours(1), List.of());
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("XDG_CACHE_HOME", cache.toString());
        return StartRequest.builder(work).kubernetesVersion(KubernetesVersion.DEFAULT).binaryDirectory(Optional.of(StoreBinaries.directory()))
                .bindAddress("127.0.0.1").containerHost("localhost").startupTimeout(Duration.ofSeconds(60))
                .env(env).home(Path.of(System.getProperty("user.home"))).stopOnExit(true).warmEtcd(warm)
                .identities(new IdentitiesRequest(List.of(crd), true, List.of(manifest), Map.of(), List.of(reader), Duration.ofSeconds(30)))
                .build();
    }

    /** What a client of the run can observe about authentication, authorization and CRDs. */
    private record Observed(String tokenUser, Map<String, Boolean> access, boolean crdEstablished, String widgetSize,
            String clientCa, int kubernetesTargetPort, int apiServerLeases) {
    }

    private Observed observe(StartedEnvtest started) {
        String token = started.properties().get("envtest.sa.reader.token");
        try (KubernetesClient admin = AdminClient.connect(started.controlPlane())) {
            TokenReview review = admin.authentication().v1().tokenReviews().create(new TokenReviewBuilder().withNewSpec()
                    .withToken(token).endSpec().build());
            assertTrue(review.getStatus().getAuthenticated(), "this run's token is authenticated: " + review.getStatus());
            Map<String, Boolean> access = new LinkedHashMap<>();
            String sa = "system:serviceaccount:team-a:reader";
            access.put("reader lists configmaps in team-a (its Role)", allowed(admin, sa, "team-a", "list", "configmaps"));
            access.put("reader deletes configmaps in team-a", allowed(admin, sa, "team-a", "delete", "configmaps"));
            access.put("reader lists secrets in kube-system", allowed(admin, sa, "kube-system", "list", "secrets"));
            access.put("reader lists configmaps in default", allowed(admin, sa, "default", "list", "configmaps"));
            access.put("kube-scheduler gets pods (bootstrap binding)", allowed(admin, "system:kube-scheduler", "default", "get", "pods"));
            access.put("kube-scheduler deletes secrets", allowed(admin, "system:kube-scheduler", "default", "delete", "secrets"));
            access.put("reader GETs /version (system:public-info-viewer)", nonResource(admin, sa, "/version"));
            access.put("reader GETs /metrics", nonResource(admin, sa, "/metrics"));

            CustomResourceDefinition crd = admin.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").get();
            boolean established = crd.getStatus().getConditions().stream()
                    .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
            ResourceDefinitionContext widgets = new ResourceDefinitionContext.Builder().withGroup("example.com").withVersion("v1")
                    .withPlural("widgets").withKind("Widget").withNamespaced(true).build();
            GenericKubernetesResource widget = new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
                    .withNewMetadata().withName("w").withNamespace("team-a").endMetadata()
                    .addToAdditionalProperties("spec", Map.of("size", 3)).build();
            admin.genericKubernetesResources(widgets).inNamespace("team-a").resource(widget).create();
            Object size = ((Map<?, ?>) admin.genericKubernetesResources(widgets).inNamespace("team-a").withName("w").get()
                    .getAdditionalProperties().get("spec")).get("size");

            // written by the API server's own controllers after /readyz, on a cold start as on a warm one
            ConfigMap authentication = eventually(() -> admin.configMaps().inNamespace("kube-system")
                    .withName("extension-apiserver-authentication").get());
            Service kubernetes = eventually(() -> {
                Service s = admin.services().inNamespace("default").withName("kubernetes").get();
                return s != null && s.getSpec().getPorts().get(0).getTargetPort().getIntVal() == started.controlPlane().port() ? s : null;
            });
            int leases = eventually(() -> {
                int n = admin.leases().inNamespace("kube-system").withLabel("apiserver.kubernetes.io/identity", "kube-apiserver")
                        .list().getItems().size();
                return n > 0 ? n : null;
            });
            return new Observed(review.getStatus().getUser().getUsername(), access, established, String.valueOf(size),
                    authentication.getData().get("client-ca-file"), kubernetes.getSpec().getPorts().get(0).getTargetPort().getIntVal(),
                    leases);
        }
    }

    private static boolean allowed(KubernetesClient admin, String user, String namespace, String verb, String resource) {
        SubjectAccessReview review = admin.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                .withNewSpec().withUser(user).withGroups("system:authenticated").withNewResourceAttributes()
                .withNamespace(namespace).withVerb(verb).withResource(resource).endResourceAttributes().endSpec().build());
        return review.getStatus().getAllowed();
    }

    private static boolean nonResource(KubernetesClient admin, String user, String path) {
        SubjectAccessReview review = admin.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                .withNewSpec().withUser(user).withGroups("system:authenticated").withNewNonResourceAttributes()
                .withPath(path).withVerb("get").endNonResourceAttributes().endSpec().build());
        return review.getStatus().getAllowed();
    }

    /** Waits for what the API server writes in the background (no timing is asserted: 60 s is only a bound). */
    private static <T> T eventually(Supplier<T> value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            assertTrue(System.nanoTime() < deadline, "not there within 60 s");
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean authenticated(StartedEnvtest started, String token) {
        try (KubernetesClient admin = AdminClient.connect(started.controlPlane())) {
            return admin.authentication().v1().tokenReviews().create(new TokenReviewBuilder().withNewSpec().withToken(token)
                    .endSpec().build()).getStatus().getAuthenticated() == Boolean.TRUE;
        }
    }

    private Path seeds() {
        return cache.resolve("envtest-maven-plugin/etcd-seeds");
    }

    @Test
    void aWarmStartBehavesAsAColdOneAndRefusesAnEarlierRunsToken() throws Exception {
        StartedEnvtest cold = new EnvtestStart(reporter, List.of()).start(request(true));
        assertFalse(cold.controlPlane().etcdSeeded(), "no seed yet: " + debug);
        if (!System.getenv().containsKey("GOGC")) {
            // kube-apiserver logs the Go settings it runs with: the plugin's default where the build sets none
            String log = Files.readString(WorkDirectory.of(work).log("kube-apiserver"));
            assertTrue(log.contains("\"Golang settings\" GOGC=\"400\""), "kube-apiserver ran with GOGC=400");
        }
        Observed coldly = observe(cold);
        String coldToken = cold.properties().get("envtest.sa.reader.token");
        assertTrue(cold.controlPlane().awaitSeed(), "the bootstrap is saved in the background: " + debug);
        new EnvtestStop(Reporter.silent(), List.of()).stop(work);

        StartedEnvtest warm = new EnvtestStart(reporter, List.of()).start(request(true));
        assertTrue(warm.controlPlane().etcdSeeded(), "etcd started on the saved bootstrap: " + debug);
        // the warm start provisioned its CRD, manifest and ServiceAccount as soon as the API server served, before its
        // /readyz (whose two bootstrap hooks sleep a second): what follows proves those behave as on the cold start
        Map<String, Long> marks = warm.timer().marks();
        assertTrue(marks.containsKey("kube-apiserver serving") && marks.containsKey("kube-apiserver ready"), marks.toString());
        assertTrue(marks.get("kube-apiserver serving") <= marks.get("kube-apiserver ready"), marks.toString());
        assertTrue(warm.timer().phases().containsKey("readyz"), warm.timer().phases().toString());
        assertTrue(warm.controlPlane().apiServerServingMillis() <= warm.controlPlane().apiServerStartMillis(),
                "served at " + warm.controlPlane().apiServerServingMillis() + " ms, /readyz 200 at " + warm.controlPlane().apiServerStartMillis());
        assertFalse(cold.timer().marks().containsKey("kube-apiserver serving"), "a cold start waits for /readyz first");
        Observed warmly = observe(warm);
        assertEquals(coldly.access(), warmly.access(), "authorization answers exactly as on a cold start");
        assertEquals(Map.of("reader lists configmaps in team-a (its Role)", true, "reader deletes configmaps in team-a", false,
                "reader lists secrets in kube-system", false, "reader lists configmaps in default", false,
                "kube-scheduler gets pods (bootstrap binding)", true, "kube-scheduler deletes secrets", false,
                "reader GETs /version (system:public-info-viewer)", true, "reader GETs /metrics", false), warmly.access());
        assertEquals(coldly.tokenUser(), warmly.tokenUser());
        assertEquals("system:serviceaccount:team-a:reader", warmly.tokenUser());
        assertTrue(warmly.crdEstablished() && coldly.crdEstablished(), "the CRD is Established on both");
        assertEquals("3", warmly.widgetSize());
        assertEquals(coldly.widgetSize(), warmly.widgetSize());
        assertEquals(warm.controlPlane().pki().caPem().strip(), warmly.clientCa().strip(),
                "extension-apiserver-authentication carries this run's client CA");
        assertNotEquals(coldly.clientCa(), warmly.clientCa(), "each run has a CA of its own");
        assertEquals(warm.controlPlane().port(), warmly.kubernetesTargetPort(), "the kubernetes Service points at this run's port");
        assertEquals(1, warmly.apiServerLeases(), "only this run's API server identity lease, as on a cold start");
        assertEquals(coldly.apiServerLeases(), warmly.apiServerLeases());
        assertFalse(authenticated(warm, coldToken), "a token of the earlier run is refused (its signing key is gone)");
        assertTrue(authenticated(warm, warm.properties().get("envtest.sa.reader.token")));
    }

    @Test
    void aCorruptSeedMeansAColdStartAndIsSavedAgain() throws Exception {
        StartedEnvtest first = new EnvtestStart(reporter, List.of()).start(request(true));
        assertTrue(first.controlPlane().awaitSeed(), debug.toString());
        new EnvtestStop(Reporter.silent(), List.of()).stop(work);
        Path db;
        try (Stream<Path> files = Files.walk(seeds())) {
            db = files.filter(p -> p.getFileName().toString().equals("db")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(db);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(db, bytes);

        debug.clear();
        StartedEnvtest second = new EnvtestStart(reporter, List.of()).start(request(true));
        assertFalse(second.controlPlane().etcdSeeded(), "the corrupt seed is not used");
        assertTrue(debug.stream().anyMatch(d -> d.contains("is unusable (member/snap/db does not match its manifest)")), debug.toString());
        assertTrue(observe(second).crdEstablished(), "the cold start works");
        assertTrue(second.controlPlane().awaitSeed(), "a new seed is saved: " + debug);
        new EnvtestStop(Reporter.silent(), List.of()).stop(work);

        StartedEnvtest third = new EnvtestStart(reporter, List.of()).start(request(true));
        assertTrue(third.controlPlane().etcdSeeded(), debug.toString());
    }

    @Test
    void offOrWithUserFlagsEtcdStartsEmptyAndNothingIsSaved() throws Exception {
        StartedEnvtest off = new EnvtestStart(reporter, List.of()).start(request(false));
        assertFalse(off.controlPlane().etcdSeeded());
        assertFalse(off.controlPlane().awaitSeed(), "nothing is saved when warmEtcd is off");
        new EnvtestStop(Reporter.silent(), List.of()).stop(work);

        StartRequest withFlags = StartRequest.builder(work).kubernetesVersion(KubernetesVersion.DEFAULT)
                .binaryDirectory(Optional.of(StoreBinaries.directory())).bindAddress("127.0.0.1").containerHost("localhost")
                .env(Map.of("XDG_CACHE_HOME", cache.toString())).apiServerArgs(List.of("--audit-log-maxage=1")).build();
        StartedEnvtest flagged = new EnvtestStart(reporter, List.of()).start(withFlags);
        assertFalse(flagged.controlPlane().etcdSeeded());
        assertFalse(flagged.controlPlane().awaitSeed(), "nothing is saved for a run with user flags");
        assertTrue(debug.stream().anyMatch(d -> d.contains("apiServerArgs or etcdArgs are set")), debug.toString());
        assertFalse(Files.exists(seeds()) && Files.list(seeds()).findAny().isPresent(), "no seed was written");
    }
}
