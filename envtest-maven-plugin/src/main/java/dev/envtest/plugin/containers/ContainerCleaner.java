package dev.envtest.plugin.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.envtest.plugin.engine.EngineClient;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.ResourceCleaner;
import dev.envtest.plugin.session.SessionFile;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Removes the containers and the network a session recorded, then anything else the engine still holds with this
 * work directory's label (a container created in the instant before it was recorded). Used by {@code stop}, by a
 * failed {@code start}, by the next run's reaping and by the JVM shutdown hook.
 *
 * <p>The shutdown hook runs after Maven closed the plugin's class realm, when no class can be loaded any more. So
 * this class does its work with plain HTTP calls and loops (no lambdas, no docker-java commands), and
 * {@link #preload} runs the very same code once during {@code start}, which loads every class it needs.
 */
public final class ContainerCleaner implements ResourceCleaner {

    public static final String ENGINE = "engine";
    public static final String CONTAINER = "container";
    public static final String NETWORK = "network";
    public static final String VOLUME = "volume";
    public static final String LABEL_SESSION = "dev.envtest.session";
    public static final String LABEL_WORK_DIRECTORY = "dev.envtest.workDirectory";

    /**
     * Made on first use, in {@link #preload} at the latest: every start and stop constructs this cleaner, most without a
     * container, and loading jackson-databind for the plugin's first ObjectMapper took about 140 ms of the goal's main
     * thread before the API server could be launched.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<Future<?>> inFlight = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Runnable> cancellations = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Background work of this JVM's start that creates resources (the network), which clean waits for first. */
    public void track(Future<?> work) {
        inFlight.add(work);
    }

    /**
     * The same, for work that may still be waiting to begin (a container created once its image is there): clean
     * first runs {@code cancelIfPending}, so work that has not begun never does, then waits for what has.
     */
    public void track(Future<?> work, Runnable cancelIfPending) {
        cancellations.add(cancelIfPending);
        inFlight.add(work);
    }

    @Override
    public List<SessionFile.ResourceEntry> clean(SessionFile session, Reporter reporter) {
        awaitInFlight();
        List<SessionFile.ResourceEntry> resources = session.resources();
        String dockerHost = null;
        for (SessionFile.ResourceEntry r : resources) {
            if (ENGINE.equals(r.kind)) {
                dockerHost = r.id;
            }
        }
        if (dockerHost == null) {
            return new ArrayList<SessionFile.ResourceEntry>();
        }
        Path work = session.path().toAbsolutePath().getParent();
        Outcome outcome = removeAll(dockerHost, work, resources, session, reporter);
        if (outcome.unreachable != null) {
            reporter.warn("could not reach the container engine at " + dockerHost + " to remove this build's containers and"
                    + " network (" + outcome.unreachable + "). Fix: start the engine and run mvn envtest:stop again.");
        } else if (outcome.failures == 0) {
            session.removed(ENGINE, dockerHost);
        }
        return outcome.removed;
    }

    /**
     * Runs {@link #removeAll} once with nothing recorded: removes leftovers labelled with this work directory (a
     * crashed earlier run) and loads every class the shutdown hook will need.
     */
    public void preload(String dockerHost, Path workDirectory, Reporter reporter) {
        // loaded now, also when the engine does not answer below: the hook cannot load it
        Json.MAPPER.getClass();
        Outcome outcome = removeAll(dockerHost, workDirectory.toAbsolutePath().normalize(), new ArrayList<SessionFile.ResourceEntry>(), null, reporter);
        if (!outcome.removed.isEmpty()) {
            StringBuilder names = new StringBuilder();
            for (SessionFile.ResourceEntry r : outcome.removed) {
                names.append(names.length() == 0 ? "" : ", ").append(r.kind).append(' ').append(r.name);
            }
            reporter.warn("Removed what an earlier run left in " + workDirectory + " (found by label): " + names);
        }
    }

    private void awaitInFlight() {
        cancellations.forEach(Runnable::run);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        for (Future<?> work : inFlight) {
            try {
                work.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Throwable t) {
                // failed or timed out: remove whatever was recorded anyway
            }
        }
    }

    static final class Outcome {
        final List<SessionFile.ResourceEntry> removed = new ArrayList<SessionFile.ResourceEntry>();
        int failures;
        String unreachable;
    }

    private Outcome removeAll(String dockerHost, Path work, List<SessionFile.ResourceEntry> recorded, SessionFile session,
            Reporter reporter) {
        Outcome outcome = new Outcome();
        EngineClient client;
        try {
            client = new EngineClient(dockerHost, TIMEOUT);
        } catch (Throwable t) {
            outcome.unreachable = String.valueOf(t.getMessage());
            return outcome;
        }
        try {
            String label = URLEncoder.encode("{\"label\":[\"" + LABEL_WORK_DIRECTORY + "=" + work + "\"]}", StandardCharsets.UTF_8);
            // containers first: a network cannot be removed while a container is attached
            for (SessionFile.ResourceEntry r : recorded) {
                if (CONTAINER.equals(r.kind)) {
                    removeOne(client, "/containers/" + r.id + "?force=true&v=true", r, session, reporter, outcome);
                }
            }
            for (SessionFile.ResourceEntry found : listed(client, CONTAINER, "/containers/json?all=true&filters=" + label)) {
                removeOne(client, "/containers/" + found.id + "?force=true&v=true", found, null, reporter, outcome);
            }
            for (SessionFile.ResourceEntry r : recorded) {
                if (NETWORK.equals(r.kind)) {
                    removeOne(client, "/networks/" + r.id, r, session, reporter, outcome);
                }
            }
            for (SessionFile.ResourceEntry found : listed(client, NETWORK, "/networks?filters=" + label)) {
                removeOne(client, "/networks/" + found.id, found, null, reporter, outcome);
            }
            // volumes last: one cannot be removed while a container uses it
            for (SessionFile.ResourceEntry r : recorded) {
                if (VOLUME.equals(r.kind)) {
                    removeOne(client, "/volumes/" + URLEncoder.encode(r.id, StandardCharsets.UTF_8) + "?force=true", r, session, reporter, outcome);
                }
            }
            for (String name : volumeNames(client, "/volumes?filters=" + label)) {
                SessionFile.ResourceEntry found = new SessionFile.ResourceEntry();
                found.kind = VOLUME;
                found.id = name;
                found.name = name;
                removeOne(client, "/volumes/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "?force=true", found, null, reporter, outcome);
            }
        } catch (Throwable t) {
            outcome.unreachable = String.valueOf(t.getMessage());
        } finally {
            client.close();
        }
        return outcome;
    }

    private static void removeOne(EngineClient client, String path, SessionFile.ResourceEntry entry, SessionFile session,
            Reporter reporter, Outcome outcome) {
        int status = call(client, DockerHttpClient.Request.Method.DELETE, path).status;
        if (status / 100 == 2 || status == 404) {
            if (status != 404) {
                outcome.removed.add(entry);
                reporter.info("Removed " + entry.kind + " " + entry.name);
            }
            if (entry != null && session != null) {
                session.removed(entry.kind, entry.id);
            }
        } else {
            outcome.failures++;
            reporter.warn("could not remove " + entry.kind + " " + entry.name + ": the engine answered " + status);
        }
    }

    /** What the engine lists under {@code path}, by id and name (a container's first name without its slash). */
    private static List<SessionFile.ResourceEntry> listed(EngineClient client, String kind, String path) throws Exception {
        Answer answer = call(client, DockerHttpClient.Request.Method.GET, path);
        List<SessionFile.ResourceEntry> found = new ArrayList<SessionFile.ResourceEntry>();
        if (answer.status / 100 != 2) {
            return found;
        }
        JsonNode list = Json.MAPPER.readTree(answer.body.isEmpty() ? "[]" : answer.body);
        for (JsonNode item : list) {
            String id = item.path("Id").asText("");
            if (id.isEmpty()) {
                continue;
            }
            String name = CONTAINER.equals(kind) ? item.path("Names").path(0).asText("") : item.path("Name").asText("");
            SessionFile.ResourceEntry entry = new SessionFile.ResourceEntry();
            entry.kind = kind;
            entry.id = id;
            entry.name = name.startsWith("/") ? name.substring(1) : name.isEmpty() ? id.substring(0, Math.min(12, id.length())) : name;
            found.add(entry);
        }
        return found;
    }

    /** The volume list answers {@code {"Volumes": [{"Name": ...}]}}, not an array. */
    private static List<String> volumeNames(EngineClient client, String path) throws Exception {
        Answer answer = call(client, DockerHttpClient.Request.Method.GET, path);
        List<String> names = new ArrayList<>();
        if (answer.status / 100 != 2) {
            return names;
        }
        JsonNode volumes = Json.MAPPER.readTree(answer.body.isEmpty() ? "{}" : answer.body).path("Volumes");
        for (JsonNode v : volumes) {
            String name = v.path("Name").asText("");
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    static final class Answer {
        int status;
        String body = "";
    }

    private static Answer call(EngineClient client, DockerHttpClient.Request.Method method, String path) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(method).path(path).build();
        Answer answer = new Answer();
        try (DockerHttpClient.Response response = client.http().execute(request)) {
            answer.status = response.getStatusCode();
            InputStream body = response.getBody();
            if (body != null) {
                answer.body = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                body.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        }
        return answer;
    }
}
