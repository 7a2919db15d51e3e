package dev.envtest.plugin.containers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyArchiveTest {

    @TempDir
    Path dir;

    record Read(int mode, boolean directory, int uid, byte[] content) {
    }

    private static Map<String, Read> read(byte[] tar) throws IOException {
        Map<String, Read> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), new Read(e.getMode() & 07777, e.isDirectory(), (int) e.getLongUserId(), in.readAllBytes()));
            }
        }
        return entries;
    }

    @Test
    void filesGetExplicitReadableModesAndNoParentDirectoryEntries() throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), "resourceName: x\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Path tool = Files.writeString(dir.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        CopyArchive archive = new CopyArchive()
                .copy(new FileCopy(config, "/etc/datastorage/config.yaml", OptionalInt.empty()))
                .copy(new FileCopy(tool, "/usr/local/bin/tool", OptionalInt.empty()))
                .content("/var/run/secrets/kubernetes.io/serviceaccount/token", "t0ken".getBytes(StandardCharsets.UTF_8), 0644);
        Map<String, Read> entries = read(archive.toTar());
        assertEquals(java.util.List.of("etc/datastorage/config.yaml", "usr/local/bin/tool",
                "var/run/secrets/kubernetes.io/serviceaccount/token"), java.util.List.copyOf(entries.keySet()),
                "no entries for /etc, /var/run ... (a directory entry would replace a symlink such as /var/run -> /run)");
        assertEquals(0644, entries.get("etc/datastorage/config.yaml").mode(), "an owner-only host file is readable by the container user");
        assertEquals(0755, entries.get("usr/local/bin/tool").mode());
        assertEquals(0, entries.get("usr/local/bin/tool").uid());
        assertArrayEquals("t0ken".getBytes(StandardCharsets.UTF_8), entries.get("var/run/secrets/kubernetes.io/serviceaccount/token").content());
    }

    @Test
    void aDirectoryIsCopiedRecursivelyWithItsSubdirectoriesAndAConfiguredMode() throws IOException {
        Path src = Files.createDirectories(dir.resolve("conf/sub"));
        Files.writeString(dir.resolve("conf/a.yaml"), "a");
        Files.writeString(src.resolve("b.yaml"), "b");
        Files.createDirectories(dir.resolve("conf/empty"));
        Map<String, Read> entries = read(new CopyArchive().copy(new FileCopy(dir.resolve("conf"), "/etc/app/", OptionalInt.of(0640))).toTar());
        assertEquals(java.util.Set.of("etc/app/a.yaml", "etc/app/empty/", "etc/app/sub/", "etc/app/sub/b.yaml"), entries.keySet());
        assertEquals(0640, entries.get("etc/app/sub/b.yaml").mode());
        assertTrue(entries.get("etc/app/empty/").directory());
        assertEquals(0755, entries.get("etc/app/sub/").mode());
    }

    @Test
    void targetsMustBeAbsolutePlainPathsBelowRoot() {
        assertEquals("/etc/app/x", CopyArchive.normalize("/etc//app/./x/"));
        assertTrue(assertThrows(ContainerException.class, () -> CopyArchive.normalize("etc/x")).getMessage().contains("not absolute"));
        assertTrue(assertThrows(ContainerException.class, () -> CopyArchive.normalize("/etc/../x")).getMessage().contains("'..'"));
        assertTrue(assertThrows(ContainerException.class, () -> CopyArchive.normalize("/")).getMessage().contains("root directory"));
    }
}
