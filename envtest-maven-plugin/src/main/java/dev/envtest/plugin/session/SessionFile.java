package dev.envtest.plugin.session;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one {@code start} created, written to {@code session.json} the moment each thing exists, so that
 * {@code stop} — in the same JVM or a later {@code mvn envtest:stop} — and the next run can find and remove it.
 * A process is identified by pid and start instant together, so a recycled pid is never touched.
 */
public final class SessionFile implements ProcessRecorder {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final State state;

    private SessionFile(Path file, State state) {
        this.file = file;
        this.state = state;
    }

    public static SessionFile create(Path file, String sessionId) {
        State state = new State();
        state.sessionId = sessionId;
        state.startedAt = Instant.now().toString();
        SessionFile session = new SessionFile(file, state);
        session.save();
        return session;
    }

    public static Optional<SessionFile> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SessionFile(file, JSON.readValue(file.toFile(), State.class)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + " (" + e.getMessage() + "). Fix: stop the processes it"
                    + " names by hand if any are left, then delete it.", e);
        }
    }

    public Path path() {
        return file;
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
        state.processes.add(entry);
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
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), state);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A process we started. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class ProcessEntry {
        public String name;
        public long pid;
        public String startInstant;

        /** The live process, only when the pid still belongs to the process we started. */
        public Optional<ProcessHandle> live() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> startInstant == null
                    || h.info().startInstant().map(i -> i.toString().equals(startInstant)).orElse(false));
        }
    }

    /** A container-engine resource we created. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class ResourceEntry {
        public String kind;
        public String id;
        public String name;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class State {
        public String sessionId;
        public String startedAt;
        public List<ProcessEntry> processes = new ArrayList<>();
        public List<ResourceEntry> resources = new ArrayList<>();
    }
}
