package dev.envtest.plugin.session;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one {@code start} created, written to {@code session.json} the moment each thing exists, so that
 * {@code stop} — in the same JVM or a later {@code mvn envtest:stop} — and the next run can find and remove it.
 * A process is identified by pid and start time together ({@link ProcessStart}), so a recycled pid is never touched.
 */
public final class SessionFile implements ProcessRecorder {

    /** The kind of a resource entry that is a Kubernetes object (see {@link #createdObject}). */
    public static final String OBJECT = "kubernetes-object";

    /** Jackson only where a record is read: a start writes its record first thing, and loading Jackson took 0.1-0.2 s. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    /** The same record outside target/ (see {@link StateDirectory}), or null (none, or it could not be written). */
    private Path mirror;
    private String mirrorProblem;
    private final State state;

    private SessionFile(Path file, Path mirror, State state) {
        this.file = file;
        this.mirror = mirror;
        this.state = state;
    }

    public static SessionFile create(Path file, String sessionId) {
        return create(file, null, sessionId);
    }

    /** A new record written to {@code file} and, when {@code mirror} is not null, to that path too (0700/0600). */
    public static SessionFile create(Path file, Path mirror, String sessionId) {
        State state = new State();
        state.sessionId = sessionId;
        state.startedAt = Instant.now().toString();
        state.workDirectory = file.toAbsolutePath().getParent().toString();
        SessionFile session = new SessionFile(file, mirror, state);
        session.save();
        return session;
    }

    public static Optional<SessionFile> load(Path file) {
        return read(file, file, null);
    }

    /**
     * Every record of the run whose {@code session.json} is {@code file}: the one in target/, and the one outside it
     * when it is another run's (target/ was cleaned, or a run was killed before it could remove it).
     */
    public static List<SessionFile> loadAll(Path file, Path mirror) {
        List<SessionFile> all = new ArrayList<>();
        Optional<SessionFile> primary = read(file, file, mirror);
        primary.ifPresent(all::add);
        if (mirror != null) {
            Optional<SessionFile> outside = read(mirror, file, mirror);
            outside.filter(m -> primary.map(p -> !p.sessionId().equals(m.sessionId())).orElse(true)).ifPresent(all::add);
        }
        return all;
    }

    private static Optional<SessionFile> read(Path from, Path file, Path mirror) {
        if (!Files.isRegularFile(from)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SessionFile(file, mirror, Json.MAPPER.readValue(from.toFile(), State.class)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + from + " (" + e.getMessage() + "). Fix: stop the processes it"
                    + " names by hand if any are left, then delete it.", e);
        }
    }

    public Path path() {
        return file;
    }

    /** When the run started (ISO-8601), for the reaper's report. */
    public String startedAt() {
        return state.startedAt;
    }

    public String sessionId() {
        return state.sessionId;
    }

    public synchronized List<ProcessEntry> processes() {
        return List.copyOf(state.processes);
    }

    public synchronized List<ResourceEntry> resources() {
        return List.copyOf(state.resources);
    }

    @Override
    public synchronized void started(String name, ProcessHandle process) {
        ProcessEntry entry = new ProcessEntry();
        entry.name = name;
        entry.pid = process.pid();
        entry.startInstant = process.info().startInstant().map(Instant::toString).orElse(null);
        entry.start = ProcessStart.of(process).orElse(null);
        state.processes.add(entry);
        save();
    }

    /** Like {@link #started}, but first in the list: stopped after every process recorded before it. */
    public synchronized void startedFirst(String name, ProcessHandle process) {
        started(name, process);
        state.processes.add(0, state.processes.remove(state.processes.size() - 1));
        save();
    }

    @Override
    public synchronized void stopped(String name) {
        state.processes.removeIf(p -> p.name.equals(name));
        save();
    }

    /** Records a container, network, image or other engine resource by kind and id. */
    public synchronized void created(String kind, String id, String name) {
        ResourceEntry entry = new ResourceEntry();
        entry.kind = kind;
        entry.id = id;
        entry.name = name;
        state.resources.add(entry);
        save();
    }

    /**
     * Records a Kubernetes object this run is about to create in a cluster it did not start (kind {@value #OBJECT}; id
     * {@code apiVersion/Kind/namespace/name}, namespace empty for cluster-scoped objects), before the create call, so
     * that no object can exist unrecorded; the cleaner deletes it only if it carries this run's label.
     */
    public synchronized void createdObject(String apiVersion, String objectKind, String namespace, String name) {
        ResourceEntry entry = new ResourceEntry();
        entry.kind = OBJECT;
        entry.id = objectId(apiVersion, objectKind, namespace, name);
        entry.name = (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + objectKind + "/" + name;
        entry.apiVersion = apiVersion;
        entry.objectKind = objectKind;
        entry.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
        entry.objectName = name;
        state.resources.add(entry);
        save();
    }

    /** The record's id of a Kubernetes object. */
    public static String objectId(String apiVersion, String objectKind, String namespace, String name) {
        return apiVersion + "/" + objectKind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    public synchronized void removed(String kind, String id) {
        state.resources.removeIf(r -> r.kind.equals(kind) && r.id.equals(id));
        save();
    }

    public synchronized boolean empty() {
        return state.processes.isEmpty() && state.resources.isEmpty();
    }

    public synchronized void delete() {
        try {
            Files.deleteIfExists(file);
            if (mirror != null) {
                deleteMirrorIfOurs();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The mirror may meanwhile hold a newer run's record (two records were reaped): only ours is deleted. Plain text,
     * not JSON: a shutdown hook may call this when no class can be loaded any more.
     */
    private void deleteMirrorIfOurs() throws IOException {
        if (Files.isRegularFile(mirror) && Files.readString(mirror).contains(state.sessionId)) {
            Files.deleteIfExists(mirror);
        }
    }

    private void save() {
        write(file, false);
        if (mirror != null) {
            try {
                write(mirror, true);
            } catch (UncheckedIOException e) {
                // a read-only home must not stop the build: the record in target/ still serves stop and the next start
                mirrorProblem = e.getMessage();
                mirror = null;
            }
        }
    }

    /** Why the record outside target/ could not be written, if it could not (then a clean loses the record). */
    public synchronized Optional<String> mirrorProblem() {
        return Optional.ofNullable(mirrorProblem);
    }

    private void write(Path target, boolean ownerOnly) {
        try {
            createDirectories(target.getParent(), ownerOnly);
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (ownerOnly && posix(target.getParent())) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_FILE));
            }
            Files.writeString(tmp, state.toJson(), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage() + ". Fix: make "
                    + target.getParent() + " writable for this user" + (ownerOnly ? "" : ", or set -Denvtest.workDirectory"
                    + " to a writable directory"), e);
        }
    }

    /** For the record outside target/: the runs directory and the application's directory above it are 0700. */
    private static void createDirectories(Path directory, boolean ownerOnly) throws IOException {
        Files.createDirectories(directory);
        if (ownerOnly && posix(directory)) {
            Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
            Path application = directory.getParent();
            if (application != null && application.getFileName().toString().equals(StateDirectory.APPLICATION)) {
                Files.setPosixFilePermissions(application, OWNER_DIRECTORY);
            }
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** A process we started. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class ProcessEntry {
        public String name;
        public long pid;
        /** For people reading the record; {@link #start} identifies the process (this instant moves with the clock). */
        public String startInstant;
        /** {@link ProcessStart}'s value; absent in records written before it existed, which are checked by instant. */
        public String start;

        /** The live process, only when the pid still belongs to the process we started. */
        public Optional<ProcessHandle> live() {
            return running().filter(this::ours);
        }

        /**
         * A process that runs under the recorded pid but is not the one recorded: the pid was recycled. Empty when
         * the pid is free or still ours.
         */
        public Optional<ProcessHandle> stranger() {
            return running().filter(h -> !ours(h));
        }

        private Optional<ProcessHandle> running() {
            return ProcessHandle.of(pid).filter(h -> !ProcessLiveness.exited(h));
        }

        private boolean ours(ProcessHandle h) {
            if (start != null) {
                return ProcessStart.matches(h, start);
            }
            // a record written before the start time existed: its instant, compared as ProcessStart compares one
            return startInstant == null || ProcessStart.matches(h, startInstant);
        }
    }

    /**
     * A container-engine resource or a Kubernetes object we created. The object's fields are absent for engine
     * resources, so records written before they existed read the same.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class ResourceEntry {
        public String kind;
        public String id;
        public String name;
        /** A Kubernetes object's apiVersion, kind, namespace (absent when cluster-scoped) and name. */
        public String apiVersion;
        public String objectKind;
        public String namespace;
        public String objectName;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class State {
        public String sessionId;
        public String startedAt;
        public String workDirectory;
        public List<ProcessEntry> processes = new ArrayList<>();
        public List<ResourceEntry> resources = new ArrayList<>();

        /** The record as JSON, written by hand (Jackson reads it back: {@link Json}). */
        String toJson() {
            StringBuilder b = new StringBuilder("{\n");
            b.append("  \"sessionId\" : ").append(quote(sessionId)).append(",\n");
            b.append("  \"startedAt\" : ").append(quote(startedAt)).append(",\n");
            b.append("  \"workDirectory\" : ").append(quote(workDirectory)).append(",\n");
            b.append("  \"processes\" : [");
            for (int i = 0; i < processes.size(); i++) {
                ProcessEntry p = processes.get(i);
                b.append(i == 0 ? "\n" : ",\n").append("    { \"name\" : ").append(quote(p.name)).append(", \"pid\" : ").append(p.pid)
                        .append(", \"startInstant\" : ").append(quote(p.startInstant));
                optional(b, "start", p.start);
                b.append(" }");
            }
            b.append(processes.isEmpty() ? "],\n" : "\n  ],\n");
            b.append("  \"resources\" : [");
            for (int i = 0; i < resources.size(); i++) {
                ResourceEntry r = resources.get(i);
                b.append(i == 0 ? "\n" : ",\n").append("    { \"kind\" : ").append(quote(r.kind)).append(", \"id\" : ").append(quote(r.id))
                        .append(", \"name\" : ").append(quote(r.name));
                // a Kubernetes object's coordinates only where there are any (engine entries carry none)
                optional(b, "apiVersion", r.apiVersion);
                optional(b, "objectKind", r.objectKind);
                optional(b, "namespace", r.namespace);
                optional(b, "objectName", r.objectName);
                b.append(" }");
            }
            b.append(resources.isEmpty() ? "]\n" : "\n  ]\n");
            return b.append("}\n").toString();
        }

        private static void optional(StringBuilder b, String field, String value) {
            if (value != null) {
                b.append(", \"").append(field).append("\" : ").append(quote(value));
            }
        }

        /** A JSON string (RFC 8259: quote, backslash and control characters escaped), or null. */
        static String quote(String value) {
            if (value == null) {
                return "null";
            }
            StringBuilder b = new StringBuilder(value.length() + 2).append('"');
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
    }
}
