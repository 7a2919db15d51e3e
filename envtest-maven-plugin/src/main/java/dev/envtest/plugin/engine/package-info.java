/**
 * Which container engine answers and in which mode (rootful/rootless Podman, Podman machine, Docker Engine, Docker
 * Desktop), and the host access each mode implies: where a host server must listen and the name containers dial.
 *
 * <p>Imports only {@code session}; with {@code containers}, the only package that uses docker-java (its HTTP
 * transport, to ask the engine about itself).
 */
package dev.envtest.plugin.engine;
