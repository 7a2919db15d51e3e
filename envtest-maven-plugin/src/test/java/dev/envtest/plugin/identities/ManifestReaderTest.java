package dev.envtest.plugin.identities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.text.Placeholders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private ManifestReader reader(Map<String, String> properties) {
        return new ManifestReader(new Placeholders(properties), Reporter.warningsTo(warnings::add));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private IdentitiesException fails(Path file) {
        return assertThrows(IdentitiesException.class, () -> reader(Map.of()).read(file));
    }

    @Test
    void multiDocumentFileKeepsOrderAndStartLines() throws IOException {
        Path file = write("all.yaml", """
                # leading comment
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: payments
                ---
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: data-storage-service
                  namespace: payments
                spec:
                  ports:
                  - port: 8080
                """);
        List<ManifestDocument> docs = reader(Map.of()).read(file);
        assertEquals(2, docs.size(), "the empty document between the two separators is skipped");
        assertEquals("Namespace", docs.get(0).kind());
        assertEquals(2, docs.get(0).line());
        assertEquals(1, docs.get(0).index());
        assertEquals("Service", docs.get(1).kind());
        assertEquals(8, docs.get(1).line());
        assertEquals(3, docs.get(1).index());
        assertEquals("payments", docs.get(1).namespace());
        assertEquals("", docs.get(1).group());
        assertEquals(file + ":8 (document 3, Service payments/data-storage-service)", docs.get(1).describe());
        assertEquals(List.of(Map.of("port", 8080)), ((Map<?, ?>) docs.get(1).content().get("spec")).get("ports"),
                "numbers stay numbers");
    }

    @Test
    void placeholdersAreResolvedBeforeParsingAndUnknownOnesWarned() throws IOException {
        Path file = write("svc.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ${project.artifactId}-config
                data:
                  version: "${project.version}"
                  script: echo ${HOME}
                """);
        List<ManifestDocument> docs = reader(Map.of("project.artifactId", "data-storage", "project.version", "1.2.3")).read(file);
        assertEquals("data-storage-config", docs.get(0).name());
        assertEquals(Map.of("version", "1.2.3", "script", "echo ${HOME}"), docs.get(0).content().get("data"));
        assertEquals(List.of(file + ":7: ${HOME} is not a Maven project property; left as written"), warnings);
    }

    @Test
    void kindListStandsForItsItems() throws IOException {
        Path file = write("list.yaml", """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: ServiceAccount
                  metadata: {name: a}
                - apiVersion: v1
                  kind: ServiceAccount
                  metadata: {name: b}
                """);
        List<ManifestDocument> docs = reader(Map.of()).read(file);
        assertEquals(List.of("a", "b"), docs.stream().map(ManifestDocument::name).toList());
    }

    @Test
    void jsonFilesAreReadToo() throws IOException {
        Path file = write("cm.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"j\"}}");
        assertEquals("j", reader(Map.of()).read(file).get(0).name());
    }

    @Test
    void unclosedQuoteNamesWhereTheScalarStarted() throws IOException {
        Path file = write("bad.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: x
                data:
                  key: "unclosed
                other: 1
                """);
        IdentitiesException e = fails(file);
        assertTrue(e.getMessage().startsWith(file + ":8:1: malformed YAML: found unexpected end of stream"
                + " (while scanning a quoted scalar started at line 6:8)"), e.getMessage());
    }

    @Test
    void badIndentationNamesItsLine() throws IOException {
        Path file = write("indent.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: x
                 labels: {}
                """);
        IdentitiesException e = fails(file);
        assertTrue(e.getMessage().startsWith(file + ":5:2: malformed YAML: expected <block end>"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix the YAML at that line"), e.getMessage());
    }

    @Test
    void tabIndentationNamesItsLine() throws IOException {
        Path file = write("tab.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n");
        IdentitiesException e = fails(file);
        assertTrue(e.getMessage().startsWith(file + ":4:1: malformed YAML: found character '\\t(TAB)' that cannot start any token"),
                e.getMessage());
    }

    @Test
    void malformedSecondDocumentNamesItsLine() throws IOException {
        Path file = write("two.yaml", """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: ok
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: [unclosed
                """);
        IdentitiesException e = fails(file);
        assertTrue(e.getMessage().startsWith(file + ":10:1: malformed YAML:"), e.getMessage());
        assertTrue(e.getMessage().contains("started at line 9:9"), e.getMessage());
    }

    @Test
    void aMalformedSecretsValueNeverAppearsInTheError() {
        // the parser's own message quotes the offending line (SnakeYAML's snippet, Jackson's token): only the problem,
        // its context and the position are passed on, so a Secret's value stays out of the build log
        String head = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n";
        List<String> bodies = List.of("  password: {hunter2s3cret\n", "  password: \"hunter2s3cret\n", "  password: 'hunter2s3cret\n",
                "  password: hunter2s3cret: x\n", "  password: @hunter2s3cret\n", "  password: `hunter2s3cret\n",
                "  password: %hunter2s3cret\n", "  password: \"hunter2s3cret\\q\"\n", "  password: [hunter2s3cret]x\n",
                "  password: \"hunter2s3cret\" x\n", "  password: - hunter2s3cret\n", "  password: |x hunter2s3cret\n",
                "  password: >-9 hunter2s3cret\n", "  password: hunter2s3cret\n\tb: 1\n",
                "  password: hunter2s3cret\n  password: hunter2s3cret\n");
        for (String body : bodies) {
            IdentitiesException e = assertThrows(IdentitiesException.class, () -> ManifestReader.parse(dir.resolve("s.yaml"), head + body));
            assertTrue(e.getMessage().contains("malformed YAML"), e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"), body + " => " + e.getMessage());
        }
    }

    @Test
    void duplicateKeyIsAnError() throws IOException {
        Path file = write("dup.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: x
                  name: y
                """);
        IdentitiesException e = fails(file);
        assertTrue(e.getMessage().startsWith(file + ":5:7: malformed YAML: Duplicate field 'name'"), e.getMessage());
    }

    @Test
    void documentsWithoutApiVersionKindOrNameAreErrors() throws IOException {
        IdentitiesException noKind = fails(write("nokind.yaml", "---\napiVersion: v1\nmetadata: {name: x}\n"));
        assertEquals(dir.resolve("nokind.yaml") + ":2 (document 1): no kind. Fix: add e.g. 'kind: ConfigMap'.", noKind.getMessage());
        IdentitiesException noVersion = fails(write("noversion.yaml", "kind: ConfigMap\nmetadata: {name: x}\n"));
        assertTrue(noVersion.getMessage().contains("no apiVersion"), noVersion.getMessage());
        IdentitiesException noName = fails(write("noname.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: x-}\n"));
        assertTrue(noName.getMessage().contains("ConfigMap without metadata.name (generateName cannot be applied)"), noName.getMessage());
        IdentitiesException scalar = fails(write("scalar.yaml", "just text\n"));
        assertTrue(scalar.getMessage().contains("document 1 is a string, not a Kubernetes object"), scalar.getMessage());
    }

    @Test
    void directoriesListManifestFilesInNameOrderWithoutSubdirectories() throws IOException {
        write("d/b.yml", "");
        write("d/a.yaml", "");
        write("d/c.json", "");
        write("d/notes.txt", "");
        write("d/sub/z.yaml", "");
        assertEquals(List.of(dir.resolve("d/a.yaml"), dir.resolve("d/b.yml"), dir.resolve("d/c.json")),
                ManifestReader.files(dir.resolve("d")));
        assertEquals(List.of(dir.resolve("d/notes.txt")), ManifestReader.files(dir.resolve("d/notes.txt")),
                "a file named explicitly is read whatever its extension");
    }
}
