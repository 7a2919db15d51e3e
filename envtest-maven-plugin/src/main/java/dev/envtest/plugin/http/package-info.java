/**
 * Reading HTTP/1.x answers from a plain stream: the status line and header fields ({@link AnswerHead}) and the
 * chunked transfer coding ({@link ChunkedInputStream}). For the few places that speak HTTP over a socket with the JDK
 * alone, each for its own reason: the API server's readiness probe (no client to load before the launch), the
 * engine's pull (credentials in a header no client may log), the engine's {@code /_ping} (before docker-java is
 * loaded) and a container's HTTP wait (made with the plan, before the start: the JDK's client would bring the TLS
 * context along for plain HTTP). And the end of the JDK's own client where it is used ({@link HttpClientShutdown}). A
 * leaf of its own because those live in stages that may not import one another.
 *
 * <p>Imports nothing of the plugin.
 */
package dev.envtest.plugin.http;
