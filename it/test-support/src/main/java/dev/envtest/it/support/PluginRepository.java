package dev.envtest.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The plugin as a nested build loads it: its jar and pom, and the aggregator pom it inherits from, laid out where Maven
 * looks for them in a local repository of the test's own (files without {@code _remote.repositories} count as
 * installed locally). Everything else a nested build needs comes from the user's repository through
 * {@code maven.repo.local.tail}, which is never written. The pom is the one the plugin is installed and published
 * with, which declares none of the libraries its jar bundles, so a nested build loads the plugin as a user's does.
 */
public final class PluginRepository {

    private PluginRepository() {
    }

    /**
     * Lays the plugin out in {@code repository} and returns it. Reads the system properties failsafe passes:
     * {@code envtest.repo} (this checkout), {@code envtest.version} and {@code plugin.jar}. Synchronized because tests
     * of one JVM may lay out the same repository at once.
     */
    public static synchronized Path layOut(Path repository) throws IOException {
        Path root = Path.of(System.getProperty("envtest.repo"));
        String version = System.getProperty("envtest.version");
        Path plugin = Files.createDirectories(repository.resolve("dev/envtest/envtest-maven-plugin/" + version));
        Files.copy(Path.of(System.getProperty("plugin.jar")), plugin.resolve("envtest-maven-plugin-" + version + ".jar"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(root.resolve("envtest-maven-plugin/dependency-reduced-pom.xml"),
                plugin.resolve("envtest-maven-plugin-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        Path aggregator = Files.createDirectories(repository.resolve("dev/envtest/envtest-maven-plugin-aggregator/" + version));
        Files.copy(root.resolve("pom.xml"), aggregator.resolve("envtest-maven-plugin-aggregator-" + version + ".pom"),
                StandardCopyOption.REPLACE_EXISTING);
        return repository;
    }
}
