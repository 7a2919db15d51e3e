/**
 * The {@code doctor} goal's checks: what {@code start} would find and choose on this machine (engine, addresses, ports,
 * binaries, store), and optionally a container connecting back over verified TLS, without starting or changing
 * anything. It reuses the stages' own discovery and choices; it may import every package below {@code mojo}.
 */
package dev.envtest.plugin.doctor;
