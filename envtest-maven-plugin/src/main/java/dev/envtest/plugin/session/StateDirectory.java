package dev.envtest.plugin.session;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * The per-user directory where each run's record is kept a second time, outside {@code target/}: {@code mvn clean}
 * deletes {@code target/envtest/session.json}, and the next start must still find what a killed build left. One file
 * per work directory, named by a hash of its absolute path. Linux {@code ${XDG_STATE_HOME:-~/.local/state}}, macOS
 * {@code ~/Library/Application Support}, Windows {@code %LOCALAPPDATA%}, each with {@code envtest-maven-plugin/runs}.
 */
public final class StateDirectory {

    public static final String APPLICATION = "envtest-maven-plugin";

    private StateDirectory() {
    }

    /** The runs directory for this user on this operating system. */
    public static Path forUser(Map<String, String> env, Path home, String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        Path base;
        if (os.contains("mac") || os.contains("darwin")) {
            base = home.resolve("Library").resolve("Application Support");
        } else if (os.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            base = local != null && !local.isBlank() ? Path.of(local) : home.resolve("AppData").resolve("Local");
        } else {
            String xdg = env.get("XDG_STATE_HOME");
            // the XDG specification: a relative value is invalid and must be ignored
            base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".local").resolve("state");
        }
        return base.resolve(APPLICATION).resolve("runs");
    }

    public static Path forCurrentUser() {
        return forUser(System.getenv(), Path.of(System.getProperty("user.home")), System.getProperty("os.name"));
    }

    /** The record of the run in {@code workDirectory}: {@code <runs>/<first 16 hex of SHA-256 of its path>.json}. */
    public static Path recordFor(Path runs, Path workDirectory) {
        String path = workDirectory.toAbsolutePath().normalize().toString();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return runs.resolve(HexFormat.of().formatHex(digest, 0, 8) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
