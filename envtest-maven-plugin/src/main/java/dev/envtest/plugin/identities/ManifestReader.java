package dev.envtest.plugin.identities;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.text.Placeholders;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads manifest files: a file, or a directory's {@code .yaml}, {@code .yml} and {@code .json} files in name order
 * (not its subdirectories, as {@code kubectl apply -f DIR} and envtest's CRD paths). Each file may hold several YAML
 * documents; a {@code kind: List} document stands for its {@code items}. Placeholders are substituted before parsing.
 * Errors name the file and, for malformed YAML, the line and column.
 */
public final class ManifestReader {

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    private final Placeholders placeholders;
    private final Reporter reporter;

    public ManifestReader(Placeholders placeholders, Reporter reporter) {
        this.placeholders = placeholders;
        this.reporter = reporter;
    }

    /** The manifest files a path stands for; an empty list for a directory with none. */
    public static List<Path> files(Path path) {
        if (!Files.isDirectory(path)) {
            if (Files.exists(path) && !Files.isRegularFile(path)) {
                // a FIFO or a device would block the read forever, or never end
                throw new IdentitiesException(path + " is neither a regular file nor a directory (a FIFO, socket or device)."
                        + " Fix: list YAML/JSON files, or directories of them, in crdDirectories/manifests.");
            }
            return List.of(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.filter(Files::isRegularFile)
                    .filter(ManifestReader::isManifestFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IdentitiesException("cannot list " + path + ": " + e.getMessage(), e);
        }
    }

    static boolean isManifestFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    /** Every object in a file, in the file's order. */
    public List<ManifestDocument> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new IdentitiesException(file + ": not UTF-8 text. Fix: save it as UTF-8 YAML.", e);
        } catch (IOException e) {
            throw new IdentitiesException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Placeholders.Result resolved = placeholders.resolve(text);
        for (Placeholders.Unresolved u : resolved.unresolved()) {
            reporter.warn(file + ":" + u.line() + ": ${" + u.name() + "} is not a Maven project property; left as written");
        }
        return parse(file, resolved.text());
    }

    /** Parses YAML text (already substituted) into documents. */
    public static List<ManifestDocument> parse(Path file, String text) {
        List<ManifestDocument> documents = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(text)) {
            int index = 0;
            while (parser.nextToken() != null) {
                index++;
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode node = MAPPER.readTree(parser);
                if (node == null || node.isNull() || node.isMissingNode() || node.isTextual() && node.asText().isBlank()) {
                    continue; // an empty document (e.g. between two ---)
                }
                if (!node.isObject()) {
                    throw new IdentitiesException(file + ":" + line + ": document " + index + " is a "
                            + node.getNodeType().name().toLowerCase(Locale.ROOT)
                            + ", not a Kubernetes object. Fix: each document must be a mapping with apiVersion, kind and metadata.");
                }
                add(documents, file, line, index, node);
            }
        } catch (JsonProcessingException e) {
            throw new IdentitiesException(file + position(e) + ": malformed YAML: " + problem(e)
                    + ". Fix the YAML at that line (indentation, an unclosed quote or bracket, a tab, a duplicate key).", e);
        } catch (IOException e) {
            throw new IdentitiesException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static void add(List<ManifestDocument> documents, Path file, int line, int index, JsonNode node) {
        Map<String, Object> content = MAPPER.convertValue(node, Map.class);
        String where = file + ":" + line + " (document " + index + ")";
        Object apiVersion = content.get("apiVersion");
        Object kind = content.get("kind");
        if (!(apiVersion instanceof String) || ((String) apiVersion).isBlank()) {
            throw new IdentitiesException(where + ": no apiVersion. Fix: add e.g. 'apiVersion: v1'.");
        }
        if (!(kind instanceof String) || ((String) kind).isBlank()) {
            throw new IdentitiesException(where + ": no kind. Fix: add e.g. 'kind: ConfigMap'.");
        }
        if ("List".equals(kind) || ((String) kind).endsWith("List") && content.get("items") instanceof List) {
            Object items = content.get("items");
            if (!(items instanceof List)) {
                throw new IdentitiesException(where + ": kind List without an items list.");
            }
            int i = 0;
            for (Object item : (List<Object>) items) {
                i++;
                if (!(item instanceof Map)) {
                    throw new IdentitiesException(where + ": items[" + (i - 1) + "] is not a Kubernetes object.");
                }
                check(file + ":" + line + " (document " + index + ", items[" + (i - 1) + "])", (Map<String, Object>) item);
                documents.add(new ManifestDocument(file, line, index, (Map<String, Object>) item));
            }
            return;
        }
        check(where, content);
        documents.add(new ManifestDocument(file, line, index, content));
    }

    private static void check(String where, Map<String, Object> content) {
        if (!(content.get("apiVersion") instanceof String) || !(content.get("kind") instanceof String)) {
            throw new IdentitiesException(where + ": no apiVersion or kind. Fix: every object needs both.");
        }
        Object metadata = content.get("metadata");
        Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
        if (!(name instanceof String) || ((String) name).isBlank()) {
            throw new IdentitiesException(where + ": " + content.get("kind") + " without metadata.name"
                    + (metadata instanceof Map<?, ?> m && m.containsKey("generateName") ? " (generateName cannot be applied)" : "")
                    + ". Fix: give it a name; server-side apply needs one.");
        }
    }

    /** {@code :line:column} of the problem itself (SnakeYAML's problem mark), else of Jackson's location. */
    private static String position(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            return ":" + (marked.getProblemMark().getLine() + 1) + ":" + (marked.getProblemMark().getColumn() + 1);
        }
        JsonLocation where = e.getLocation();
        return where == null ? "" : ":" + where.getLineNr() + ":" + where.getColumnNr();
    }

    /** SnakeYAML's "problem (context)", e.g. "found character '\t' that cannot start any token". */
    private static String problem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            String context = marked.getContext();
            String started = marked.getContextMark() == null || marked.getProblemMark() == null
                    || marked.getContextMark().getLine() == marked.getProblemMark().getLine() ? ""
                    : " started at line " + (marked.getContextMark().getLine() + 1) + ":" + (marked.getContextMark().getColumn() + 1);
            return marked.getProblem().strip() + (context == null ? "" : " (" + context.strip() + started + ")");
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String trimmed = message.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
    }
}
