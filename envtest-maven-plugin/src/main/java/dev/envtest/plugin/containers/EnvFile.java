package dev.envtest.plugin.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An environment file as {@code docker run --env-file} and Compose read it: {@code KEY=VALUE} per line, blank lines
 * and lines starting with {@code #} ignored, an optional {@code export } prefix, a value in matching single or double
 * quotes unquoted. The value is taken as it is otherwise (no variable expansion).
 */
public final class EnvFile {

    private EnvFile() {
    }

    public static Map<String, String> read(Path file, String where) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ContainerException(where + ": envFile " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "). Fix: create it, or correct the path (relative paths are from the project's directory).");
        }
        return parse(lines, file + "", where);
    }

    static Map<String, String> parse(List<String> lines, String name, String where) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq).strip();
            if (eq <= 0 || !key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                // the line may hold a secret: name its number only
                throw new ContainerException(where + ": envFile " + name + " line " + (i + 1) + " is not KEY=VALUE. Fix: write"
                        + " one NAME=value per line (# starts a comment).");
            }
            String value = line.substring(eq + 1);
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(key, value);
        }
        return env;
    }
}
