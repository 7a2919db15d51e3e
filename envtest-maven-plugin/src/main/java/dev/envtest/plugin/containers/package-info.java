/**
 * The containers stage: a network of the build's own, images pulled or built, containers created with files and
 * credentials, started in {@code dependsOn} order, followed into log files, waited on, and removed by label. The
 * engine is behind {@link dev.envtest.plugin.containers.ContainerEngine}; its outcome exports
 * {@code envtest.containers.*}.
 *
 * <p>Imports {@code containers.wait}, {@code engine}, {@code session} and {@code text}; never identities (the
 * credentials arrive as plain files and values). With {@code engine}, the only package that uses docker-java.
 */
package dev.envtest.plugin.containers;
