package dev.envtest.plugin.controlplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved bootstraps without the binaries: the WAL cut, the manifest check, atomic saving, the key. */
class EtcdSeedStoreTest {

    @TempDir
    Path dir;

    private final List<String> debug = new ArrayList<>();

    /** A WAL segment as etcd writes it: frames (a padded one and an aligned one), then preallocated zeros. */
    private static byte[] wal() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(5L | (1L << 63) | (3L << 56)).put(new byte[] {1, 2, 3, 4, 0, 0, 0, 0});
        buffer.putLong(16L).put(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 7});
        return buffer.array();
    }

    private Path stoppedEtcd(EtcdSeedStore store) throws IOException {
        Path data = store.newTemporary().resolve("data");
        Files.createDirectories(data.resolve("member/wal"));
        Files.createDirectories(data.resolve("member/snap"));
        Files.write(data.resolve("member/wal/0000000000000000-0000000000000000.wal"), wal());
        Files.write(data.resolve("member/snap/db"), "bolt".getBytes());
        return data;
    }

    @Test
    void theWalIsCutAtTheFirstZeroLengthFrame() throws IOException {
        Path wal = Files.write(dir.resolve("a.wal"), wal());
        assertEquals(8 + 8 + 8 + 16, EtcdSeedStore.cutPreallocatedTail(wal));
        assertEquals(40, Files.size(wal));
    }

    @Test
    void aSavedSeedIsRestoredFileByFileOwnerOnly() throws IOException {
        EtcdSeedStore store = new EtcdSeedStore(dir.resolve("seeds"), new EtcdSeedKey("k1"));
        assertFalse(store.exists());
        assertTrue(store.save(stoppedEtcd(store)));
        assertTrue(store.exists());
        Path data = dir.resolve("run/etcd-data");
        assertTrue(store.restoreInto(data, debug::add), debug.toString());
        byte[] expected = java.util.Arrays.copyOf(wal(), 40);
        assertArrayEquals(expected, Files.readAllBytes(data.resolve("member/wal/0000000000000000-0000000000000000.wal")));
        assertEquals("bolt", Files.readString(data.resolve("member/snap/db")));
        assertFalse(Files.exists(data.resolve(EtcdSeedStore.MANIFEST)), "the manifest stays with the seed");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("member/snap/db"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    }

    @Test
    void aSeedThatDoesNotMatchItsManifestIsDeletedAndNothingIsRestored() throws IOException {
        EtcdSeedStore store = new EtcdSeedStore(dir.resolve("seeds"), new EtcdSeedKey("k1"));
        store.save(stoppedEtcd(store));
        Files.writeString(store.seedDirectory().resolve("member/snap/db"), "BOLT");
        Path data = dir.resolve("run/etcd-data");
        assertFalse(store.restoreInto(data, debug::add));
        assertFalse(Files.exists(data), "a half-copied data directory is removed");
        assertFalse(Files.exists(store.seedDirectory()), "the corrupt seed is deleted, so the next run saves a new one");
        assertTrue(debug.get(0).contains("is unusable (member/snap/db does not match its manifest)"), debug.toString());
    }

    @Test
    void aSeedWithoutItsManifestIsNotThere() throws IOException {
        EtcdSeedStore store = new EtcdSeedStore(dir.resolve("seeds"), new EtcdSeedKey("k1"));
        Files.createDirectories(store.seedDirectory().resolve("member"));
        assertFalse(store.restoreInto(dir.resolve("run/etcd-data"), debug::add));
        assertTrue(debug.get(0).contains("no saved bootstrap"), debug.toString());
    }

    @Test
    void aSecondBuildSavingTheSameKeyKeepsTheFirstSeed() throws IOException {
        EtcdSeedStore store = new EtcdSeedStore(dir.resolve("seeds"), new EtcdSeedKey("k1"));
        Path first = stoppedEtcd(store);
        Path second = stoppedEtcd(store);
        assertTrue(store.save(first));
        assertFalse(store.save(second));
        assertTrue(store.restoreInto(dir.resolve("run/etcd-data"), debug::add), debug.toString());
        assertFalse(Files.exists(second));
    }

    @Test
    void anotherKeyFindsNoSeed() throws IOException {
        EtcdSeedStore store = new EtcdSeedStore(dir.resolve("seeds"), new EtcdSeedKey("k1"));
        store.save(stoppedEtcd(store));
        assertFalse(new EtcdSeedStore(dir.resolve("seeds"), new EtcdSeedKey("k2")).restoreInto(dir.resolve("run/etcd-data"), debug::add));
    }

    @Test
    void seedsOfOtherKeysUnusedForAMonthArePrunedWhenASeedIsMade() throws IOException {
        Path seeds = dir.resolve("seeds");
        EtcdSeedStore old = new EtcdSeedStore(seeds, new EtcdSeedKey("old"));
        old.save(stoppedEtcd(old));
        EtcdSeedStore recent = new EtcdSeedStore(seeds, new EtcdSeedKey("recent"));
        recent.save(stoppedEtcd(recent));
        Files.setLastModifiedTime(old.seedDirectory().resolve(EtcdSeedStore.MANIFEST),
                FileTime.from(Instant.now().minus(EtcdSeedStore.UNUSED).minusSeconds(60)));
        new EtcdSeedStore(seeds, new EtcdSeedKey("new")).newTemporary();
        assertFalse(old.exists(), "unused for a month");
        assertTrue(recent.exists());
    }

    @Test
    void theKeyChangesWithEitherBinaryAndTheFsyncFlag() throws IOException {
        Path etcd = Files.writeString(dir.resolve("etcd"), "etcd 3.6.4");
        Path apiServer = Files.writeString(dir.resolve("kube-apiserver"), "kube-apiserver 1.34.2");
        EtcdSeedKey key = EtcdSeedKey.of(etcd, apiServer, true);
        assertEquals(key, EtcdSeedKey.of(etcd, apiServer, true), "the same binaries and flags: the same key");
        assertNotEquals(key, EtcdSeedKey.of(etcd, apiServer, false));
        Files.setLastModifiedTime(apiServer, FileTime.from(Instant.now().minusSeconds(3600)));
        assertNotEquals(key, EtcdSeedKey.of(etcd, apiServer, true), "a rebuilt kube-apiserver is another key");
        EtcdSeedKey rebuilt = EtcdSeedKey.of(etcd, apiServer, true);
        Files.writeString(etcd, "etcd 3.6.5!");
        Files.setLastModifiedTime(etcd, FileTime.from(Instant.now().minusSeconds(7200)));
        assertNotEquals(rebuilt, EtcdSeedKey.of(etcd, apiServer, true), "another etcd is another key");
    }
}
