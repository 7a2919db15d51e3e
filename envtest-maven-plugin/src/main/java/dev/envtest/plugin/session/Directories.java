package dev.envtest.plugin.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The one recursive delete: etcd's data, the identities directory, a binaries staging directory. */
public final class Directories {

    private Directories() {
    }

    /**
     * Deletes a directory and everything in it, deepest first; nothing when it does not exist. Read-only entries
     * (installed binaries are r-x) are made writable first. Callers say what failed and what to do.
     */
    public static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            List<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : deepestFirst) {
                p.toFile().setWritable(true);
                Files.deleteIfExists(p);
            }
        }
    }
}
