package dev.envtest.plugin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The package table of the site's architecture page, checked on the compiled main classes: packages import only
 * downward and never in a cycle, and each library stays in the packages that own it. A new package fails
 * {@link #everyPackageIsInTheTable} until it is given a row here (and on the page).
 */
class ArchitectureTest {

    private static final String ROOT = "dev.envtest.plugin";

    /**
     * Each package and the packages it may import (besides itself). Leaves first. {@code binaries} and {@code engine}
     * use {@code session} for its {@code Reporter}, the one logging type; {@code session} and {@code text} import
     * nothing of ours, so every other package may.
     */
    static final Map<String, List<String>> MAY_IMPORT = new LinkedHashMap<>();

    static {
        MAY_IMPORT.put("session", List.of());
        MAY_IMPORT.put("text", List.of());
        MAY_IMPORT.put("http", List.of());
        MAY_IMPORT.put("command", List.of());
        MAY_IMPORT.put("pki", List.of());
        MAY_IMPORT.put("containers.wait", List.of("http"));
        MAY_IMPORT.put("registry", List.of("command"));
        MAY_IMPORT.put("binaries", List.of("command", "session"));
        MAY_IMPORT.put("engine", List.of("command", "http", "session"));
        MAY_IMPORT.put("controlplane", List.of("binaries", "command", "http", "pki", "session"));
        MAY_IMPORT.put("identities", List.of("controlplane", "http", "pki", "session", "text"));
        MAY_IMPORT.put("containers", List.of("command", "containers.wait", "engine", "http", "registry", "session", "text"));
        MAY_IMPORT.put("webhooks", List.of("pki", "session"));
        // cluster=existing: a cluster the build did not start, provisioned through the identities stage's endpoint
        MAY_IMPORT.put("cluster", List.of("identities", "engine", "pki", "session", "text"));
        MAY_IMPORT.put("lifecycle", List.of("cluster", "controlplane", "identities", "containers", "containers.wait", "webhooks", "binaries", "engine",
                "pki", "session", "text"));
        // the doctor checks what start would do with the stages' own code, so it sits beside the sequence, above it
        MAY_IMPORT.put("doctor", List.of("cluster", "lifecycle", "controlplane", "containers", "binaries", "engine", "pki", "session", "text"));
        // the Mojos map parameters to the stages' specs and the lifecycle's requests, never to how a stage works inside
        MAY_IMPORT.put("mojo", List.of("cluster", "lifecycle", "doctor", "identities", "containers", "containers.wait", "webhooks", "binaries",
                "registry", "session"));
    }

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void everyPackageIsInTheTable() {
        String[] packages = MAY_IMPORT.keySet().stream().map(p -> ROOT + "." + p).toArray(String[]::new);
        classes().should().resideInAnyPackage(packages)
                .because("every package has a row in the layer table (ArchitectureTest.MAY_IMPORT and architecture.md)")
                .check(MAIN);
    }

    @Test
    void packagesImportOnlyWhatTheTableAllows() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String p : MAY_IMPORT.keySet()) {
            layers = layers.layer(p).definedBy(ROOT + "." + p);
        }
        for (Map.Entry<String, List<String>> e : MAY_IMPORT.entrySet()) {
            layers = e.getValue().isEmpty() ? layers.whereLayer(e.getKey()).mayNotAccessAnyLayer()
                    : layers.whereLayer(e.getKey()).mayOnlyAccessLayers(e.getValue().toArray(String[]::new));
        }
        layers.check(MAIN);
    }

    @Test
    void noPackageCycle() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyContainersAndEngineUseDockerJava() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".containers", ROOT + ".engine")
                .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
                .because("the engine API is reached through containers.ContainerEngine and engine.EngineClient")
                .check(MAIN);
    }

    @Test
    void onlyIdentitiesControlPlaneAndClusterUseFabric8() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".identities", ROOT + ".controlplane", ROOT + ".cluster")
                .should().dependOnClassesThat().resideInAPackage("io.fabric8..")
                .check(MAIN);
    }

    @Test
    void nothingUsesBouncyCastle() {
        noClasses()
                .should().dependOnClassesThat().resideInAPackage("org.bouncycastle..")
                .because("pki encodes its certificates and signs them with the JDK: loading BouncyCastle's classes cost the"
                        + " API server's critical path 0.25-1 s")
                .check(MAIN);
    }

    @Test
    void onlyMojoUsesMavenApis() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".mojo")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.maven..", "org.eclipse.aether..", "org.codehaus.plexus..")
                .because("plain Java below the Mojos knows nothing of Maven and is unit-tested alone")
                .check(MAIN);
    }
}
