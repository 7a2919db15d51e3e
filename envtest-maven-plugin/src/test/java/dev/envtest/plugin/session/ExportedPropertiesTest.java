package dev.envtest.plugin.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportedPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void theFileKeepsInsertionOrderAndReadsBackTheSameValues() throws Exception {
        ExportedProperties p = new ExportedProperties().put("envtest.url", "https://127.0.0.1:6443")
                .put("envtest.ca", "/x/ca.crt").put("a.b", "c=d:e");
        Path file = p.writeTo(dir.resolve("envtest.properties"));
        List<String> keys = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).map(l -> l.substring(0, l.indexOf('='))).toList();
        assertEquals(List.of("envtest.url", "envtest.ca", "a.b"), keys);
        Properties read = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            read.load(in);
        }
        assertEquals("https://127.0.0.1:6443", read.getProperty("envtest.url"));
        assertEquals("c=d:e", read.getProperty("a.b"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)).replace("rw-------", "rw-r--r--"));
    }

    @Test
    void secretsAreMaskedForLogsAndMakeTheFileOwnerOnly() throws Exception {
        ExportedProperties p = new ExportedProperties().put("envtest.url", "u").putSecret("envtest.sa.x.token", "eyJhbGciOi");
        assertEquals("****", p.printable("envtest.sa.x.token"));
        assertEquals("u", p.printable("envtest.url"));
        Path file = p.writeTo(dir.resolve("envtest.properties"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
