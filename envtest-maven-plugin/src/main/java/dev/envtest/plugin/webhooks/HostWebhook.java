package dev.envtest.plugin.webhooks;

/**
 * A webhook served by the test JVM (or any process on this machine) on {@code 127.0.0.1:<port>}.
 *
 * @param name the name {@code clientConfig.service.name} uses for it, and the key of its properties
 * @param port the port the test serves on; 0 picks a free one for the run
 */
public record HostWebhook(String name, int port) {
}
