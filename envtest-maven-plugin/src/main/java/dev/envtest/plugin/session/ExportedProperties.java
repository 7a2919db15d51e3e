package dev.envtest.plugin.session;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The properties the plugin hands to the build: set as Maven project properties and written, in the same
 * order, to {@code envtest.properties}. Values marked secret (tokens) are never logged.
 */
public final class ExportedProperties {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> secrets = new LinkedHashSet<>();

    public ExportedProperties put(String name, String value) {
        values.put(name, value);
        return this;
    }

    public ExportedProperties putSecret(String name, String value) {
        secrets.add(name);
        return put(name, value);
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public boolean secret(String name) {
        return secrets.contains(name);
    }

    public String get(String name) {
        return values.get(name);
    }

    /** For logs: the value, or {@code ****} for a secret. */
    public String printable(String name) {
        return secret(name) ? "****" : values.get(name);
    }

    /** Writes the file owner-readable only when it holds a secret. */
    public Path writeTo(Path file) {
        Properties properties = new Properties() {
            @Override
            public synchronized Set<Map.Entry<Object, Object>> entrySet() {
                Set<Map.Entry<Object, Object>> ordered = new LinkedHashSet<>();
                values.forEach((k, v) -> ordered.add(Map.entry(k, v)));
                return ordered;
            }
        };
        values.forEach(properties::setProperty);
        StringWriter out = new StringWriter();
        try {
            properties.store(out, "Written by envtest-maven-plugin; names are documented in the plugin's site");
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            if (!secrets.isEmpty() && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, out.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
