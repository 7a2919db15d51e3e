package dev.envtest.it.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The properties the plugin's start goal wrote, read from the file whose path failsafe passes as {@code envtest.properties}.
 *
 * @deprecated the it/ projects use the published test library instead, as a service's tests would:
 *     {@code dev.envtest.junit.Envtest} (module envtest-junit). Kept only until no branch still uses this class.
 */
@Deprecated
public final class EnvtestProperties {

    private final Properties properties = new Properties();
    private final Path file;

    private EnvtestProperties(Path file) {
        this.file = file;
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (did envtest:start run?)", e);
        }
    }

    public static EnvtestProperties load() {
        String path = System.getProperty("envtest.properties");
        if (path == null) {
            throw new IllegalStateException("system property envtest.properties is not set (failsafe's systemPropertyVariables)");
        }
        return new EnvtestProperties(Path.of(path));
    }

    /** The value; a missing key fails the test with the file's name. */
    public String get(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(key + " is not in " + file + "; it has " + properties.stringPropertyNames());
        }
        return value;
    }

    public Path path(String key) {
        return Path.of(get(key));
    }

    public Properties all() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }
}
