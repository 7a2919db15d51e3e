/**
 * Registry credentials for image pulls: the image's registry host, and the first source that has credentials for it
 * (the container's own, Maven's settings.xml servers handed down as plain records, auth files, Docker's config and
 * its credential helpers); their text forms never show a secret.
 *
 * <p>Imports nothing of ours (Jackson for the JSON files); {@code containers} hands what it finds to the engine.
 */
package dev.envtest.plugin.registry;
