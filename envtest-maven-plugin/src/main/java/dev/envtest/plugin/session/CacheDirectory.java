package dev.envtest.plugin.session;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The per-user directory for what the plugin may keep between builds and throw away at any time (it is rebuilt when
 * missing): Linux {@code ${XDG_CACHE_HOME:-~/.cache}}, macOS {@code ~/Library/Caches}, Windows {@code %LOCALAPPDATA%},
 * each with {@code envtest-maven-plugin}.
 */
public final class CacheDirectory {

    private CacheDirectory() {
    }

    public static Path forUser(Map<String, String> env, Path home, String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        Path base;
        if (os.contains("mac") || os.contains("darwin")) {
            base = home.resolve("Library").resolve("Caches");
        } else if (os.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            base = (local != null && !local.isBlank() ? Path.of(local) : home.resolve("AppData").resolve("Local"))
                    .resolve(StateDirectory.APPLICATION).resolve("cache");
            return base;
        } else {
            String xdg = env.get("XDG_CACHE_HOME");
            // the XDG specification: a relative value is invalid and must be ignored
            base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".cache");
        }
        return base.resolve(StateDirectory.APPLICATION);
    }
}
