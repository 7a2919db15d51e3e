package dev.envtest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The extension on real test classes, run through the JUnit engine (the classes below are not run by surefire
 * themselves: nested classes are excluded). The file is found through the system property, as failsafe passes it.
 */
class EnvtestExtensionTest {

    /** Clients the example classes were given, to check after the run that the extension closed them. */
    static final List<KubernetesClient> GIVEN = new ArrayList<>();

    @TempDir
    Path work;
    private String before;

    @BeforeEach
    void writeTheFile() {
        Path file = new ExportedFiles(work)
                .serviceAccount("envtest.sa.reader-client.", "default", "reader-client")
                .serviceAccount("envtest.sa.no-access-client.", "default", "no-access-client")
                .container("datastorage", 8080, 41234, 8081, 41235)
                .write();
        before = System.setProperty(Envtest.PROPERTIES_PROPERTY, file.toString());
        GIVEN.clear();
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(Envtest.PROPERTIES_PROPERTY);
        } else {
            System.setProperty(Envtest.PROPERTIES_PROPERTY, before);
        }
    }

    private static EngineExecutionResults run(Class<?> type) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(type)).execute();
    }

    private static String failure(EngineExecutionResults results) {
        return results.allEvents().failed().stream().map(Event::getPayload).flatMap(Optional::stream)
                .map(Object::toString).findFirst().orElse("no failure");
    }

    @ExtendWith(EnvtestExtension.class)
    static class Injected {
        @EnvtestClient
        static KubernetesClient admin;
        @EnvtestClient("reader-client")
        static KubernetesClient reader;
        @EnvtestServiceAccount("no-access-client")
        ServiceAccountCredentials noAccess;
        @EnvtestContainer("datastorage")
        PublishedContainer datastorage;
        @EnvtestContainer(value = "datastorage", port = 8080)
        URI api;
        @EnvtestContainer(value = "datastorage", port = 8081)
        String health;
        @EnvtestContainer(value = "datastorage", port = 8080)
        int apiPort;

        @Test
        void fields() {
            assertEquals(ExportedFiles.URL + "/", admin.getMasterUrl().toString());
            assertEquals("default", reader.getNamespace());
            assertTrue("token-of-default-reader-client".equals(reader.getConfiguration().getAutoOAuthToken()));
            assertEquals("system:serviceaccount:default:no-access-client", noAccess.username());
            assertEquals(41235, datastorage.port(8081));
            assertEquals(URI.create("http://127.0.0.1:41234"), api);
            assertEquals("http://127.0.0.1:41235", health);
            assertEquals(41234, apiPort);
            GIVEN.add(admin);
            GIVEN.add(reader);
        }

        @Test
        void parameters(Envtest envtest, @EnvtestClient("no-access-client") KubernetesClient client,
                @EnvtestContainer(value = "datastorage", port = 8081) URI health, @EnvtestServiceAccount("reader-client") ServiceAccountCredentials sa) {
            assertEquals(URI.create(ExportedFiles.CONTAINER_URL), envtest.containerUrl());
            assertTrue("token-of-default-no-access-client".equals(client.getConfiguration().getAutoOAuthToken()));
            assertFalse(client.getHttpClient().isClosed(), "open during the test");
            assertEquals(URI.create("http://127.0.0.1:41235"), health);
            assertEquals("reader-client", sa.name());
            GIVEN.add(client);
        }
    }

    @Test
    void injectsFieldsAndParametersAndClosesTheClientsItMade() {
        EngineExecutionResults results = run(Injected.class);
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertEquals(3, GIVEN.size());
        for (KubernetesClient client : GIVEN) {
            assertTrue(client.getHttpClient().isClosed(), "closed after its scope: " + client.getMasterUrl());
        }
    }

    @ExtendWith(EnvtestExtension.class)
    static class UnknownServiceAccount {
        @EnvtestClient("writer-client")
        KubernetesClient writer;

        @Test
        void never() {
        }
    }

    @Test
    void anUnknownServiceAccountFailsTheTestListingTheKnownOnes() {
        EngineExecutionResults results = run(UnknownServiceAccount.class);
        results.testEvents().assertStatistics(s -> s.failed(1));
        String message = failure(results);
        assertTrue(message.contains("no ServiceAccount writer-client in ") && message.contains("known: no-access-client, reader-client"),
                message);
    }

    @ExtendWith(EnvtestExtension.class)
    static class WrongType {
        @EnvtestContainer(value = "datastorage", port = 8080)
        PublishedContainer api;

        @Test
        void never() {
        }
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedWithTheTypesAccepted() {
        EngineExecutionResults results = run(WrongType.class);
        String message = failure(results);
        assertTrue(message.contains("field WrongType.api is a PublishedContainer, but @EnvtestContainer with a port injects URI or String"
                + " or int or Integer. Fix: declare it as URI."), message);
    }

    @ExtendWith(EnvtestExtension.class)
    static class FinalField {
        @EnvtestServiceAccount("reader-client")
        final ServiceAccountCredentials reader = null;

        @Test
        void never() {
        }
    }

    @Test
    void aFinalFieldIsNamed() {
        String message = failure(run(FinalField.class));
        assertTrue(message.contains("field FinalField.reader is final: EnvtestExtension cannot inject it. Fix: remove final."), message);
    }

    @Test
    void noFileFailsTheClassWithWhereItLookedAndHowToWriteIt() {
        System.setProperty(Envtest.PROPERTIES_PROPERTY, work.resolve("missing/envtest.properties").toString());
        EngineExecutionResults results = run(Injected.class);
        String message = failure(results);
        assertNotNull(message);
        assertTrue(message.contains("envtest.properties not found at " + work.resolve("missing/envtest.properties"))
                && message.contains("pre-integration-test"), message);
        assertEquals(0, GIVEN.size());
    }
}
