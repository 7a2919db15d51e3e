package dev.envtest.plugin.registry;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The registry package's one ObjectMapper, made on first use: every start constructs the registry credentials (a bare
 * pom too, through the containers stage), and jackson-databind's first ObjectMapper took 100-140 ms of the goal's
 * thread before anything was started.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
