/**
 * The Maven goals: parameters (each with {@code -Denvtest.<parameter>}), their mapping to the lifecycle's requests
 * and the stages' specs, skip switches, and errors turned into {@code MojoExecutionException}s that name the fix.
 *
 * <p>Imports {@code lifecycle} and the stage specs ({@code identities}, {@code containers},
 * {@code containers.wait}, {@code binaries}, {@code session}); the only package that uses Maven's APIs.
 */
package dev.envtest.plugin.mojo;
