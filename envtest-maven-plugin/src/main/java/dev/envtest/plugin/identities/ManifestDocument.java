package dev.envtest.plugin.identities;

import java.nio.file.Path;
import java.util.Map;

/**
 * One Kubernetes object read from a manifest file: its content and where it came from, for messages.
 *
 * @param source  the file
 * @param line    the 1-based line where the document's content starts
 * @param index   the 1-based position of the document in its file
 * @param content the object as parsed (apiVersion, kind, metadata, ...)
 */
public record ManifestDocument(Path source, int line, int index, Map<String, Object> content) {

    public String apiVersion() {
        return (String) content.get("apiVersion");
    }

    public String kind() {
        return (String) content.get("kind");
    }

    /** The API group: {@code ""} for the core group ({@code v1}). */
    public String group() {
        String apiVersion = apiVersion();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public String name() {
        Object name = metadata().get("name");
        return name == null ? null : name.toString();
    }

    /** The namespace the document names, or null. */
    public String namespace() {
        Object ns = metadata().get("namespace");
        return ns == null || ns.toString().isBlank() ? null : ns.toString();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> metadata() {
        Object metadata = content.get("metadata");
        return metadata instanceof Map ? (Map<String, Object>) metadata : Map.of();
    }

    /** {@code file.yaml:12 (document 2, Service default/data-storage-service)}. */
    public String describe() {
        String ns = namespace();
        return source + ":" + line + " (document " + index + ", " + kind() + " " + (ns == null ? "" : ns + "/") + name() + ")";
    }
}
