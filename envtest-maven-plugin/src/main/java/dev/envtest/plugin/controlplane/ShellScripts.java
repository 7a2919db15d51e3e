package dev.envtest.plugin.controlplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The POSIX {@code sh} scripts kept beside this package's classes in the plugin's jar, read for {@code sh -c}. */
final class ShellScripts {

    private ShellScripts() {
    }

    static String read(String name) {
        try (InputStream in = ShellScripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the plugin's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
