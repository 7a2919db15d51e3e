package dev.envtest.it.registry.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The service pulled from the private registry, beside PostgreSQL and Redis: a record written through its authenticated API reads back. */
class RecordsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();

    private static Properties envtest() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(System.getProperty("envtest.properties")))) {
            p.load(r);
        }
        return p;
    }

    private static HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRecordWrittenThroughTheAuthenticatedApiReadsBack() throws Exception {
        Properties p = envtest();
        String api = p.getProperty("envtest.containers.datastorage.url.8080") + "/api/v1/records";
        String writer = p.getProperty("envtest.sa.writer-client.token");

        HttpResponse<String> created = send("POST", api, writer, "{\"name\":\"from-the-registry-run\",\"size\":3}");
        assertEquals(201, created.statusCode(), created.body());
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
        assertTrue(id.find(), created.body());

        HttpResponse<String> read = send("GET", api + "/" + id.group(1), writer, null);
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains("\"name\":\"from-the-registry-run\""), read.body());
    }

    @Test
    void theServiceKeepsItsRecordsInPostgresqlWithTheRedisCache() throws Exception {
        // what the stand-in says at start: DATABASE_URL and REDIS_ADDR reached the containers beside it
        String log = Files.readString(Path.of(envtest().getProperty("envtest.containers.datastorage.log")));
        assertTrue(log.contains("store=postgresql+redis"), log);
    }

    @Test
    void postgresGotItsEnvFileAndKeptItsDataOnTheTmpfs() throws Exception {
        String log = Files.readString(Path.of(envtest().getProperty("envtest.containers.postgres.log")));
        assertTrue(log.contains("initialised /var/lib/postgresql/tmpfs/data (user postgres, database records)"), log);
    }

    @Test
    void withoutATokenTheApiAnswers401() throws Exception {
        String api = envtest().getProperty("envtest.containers.datastorage.url.8080") + "/api/v1/records";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api)).timeout(Duration.ofSeconds(15)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode(), r.body());
    }
}
