package dev.envtest.plugin.binaries;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks an envtest {@code tar.gz} ({@code controller-tools/envtest/{etcd,kube-apiserver,kubectl}}) the way
 * setup-envtest does: every regular file lands by its base name in one directory; directories, links and devices
 * are skipped. The archive must hold etcd and kube-apiserver.
 */
public final class EnvtestArchive {

    private EnvtestArchive() {
    }

    /**
     * Extracts into {@code directory} (which must exist and be empty) and returns the file names written.
     *
     * @param what names the archive in errors, e.g. its URL
     */
    public static List<String> extract(Path archive, Path directory, Platform platform, String what) {
        List<String> written = new ArrayList<>();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
             GZIPInputStream gzip = new GZIPInputStream(file, 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (!entry.isFile()) {
                    continue;
                }
                String name = baseName(entry.getName());
                if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("\\")) {
                    throw new BinaryDownloadException(what + " has an entry with an unusable name: " + entry.getName());
                }
                if (written.contains(name)) {
                    throw new BinaryDownloadException(what + " holds " + name + " twice; it is not an envtest archive.");
                }
                Path target = directory.resolve(name);
                long copied = Files.copy(tar, target);
                if (copied != entry.getSize()) {
                    throw new BinaryDownloadException(what + " is truncated: " + entry.getName() + " has " + copied + " of "
                            + entry.getSize() + " bytes.");
                }
                written.add(name);
            }
            // Read the gzip trailer too, so a cut-off archive fails its CRC/length check.
            byte[] rest = new byte[8192];
            while (gzip.read(rest) != -1) {
                // the tar end-of-archive padding
            }
        } catch (BinaryDownloadException e) {
            throw e;
        } catch (ZipException e) {
            throw new BinaryDownloadException(what + " is not a valid gzip file (" + e.getMessage() + "). Nothing was installed."
                    + " Fix: the URL or artifact must be an envtest .tar.gz.", e);
        } catch (IOException e) {
            throw new BinaryDownloadException(what + " is truncated or malformed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "). Nothing was installed. Fix: retry; if it"
                    + " persists, the mirror or artifact holds a broken archive.", e);
        }
        List<String> missing = new ArrayList<>();
        for (String required : new String[] {"etcd", "kube-apiserver"}) {
            if (!written.contains(platform.executable(required))) {
                missing.add(platform.executable(required));
            }
        }
        if (!missing.isEmpty()) {
            throw new BinaryDownloadException(what + " holds " + (written.isEmpty() ? "no files" : String.join(", ", written))
                    + " but not " + String.join(" or ", missing) + ". Nothing was installed. An envtest archive holds"
                    + " controller-tools/envtest/{etcd,kube-apiserver,kubectl}" + (platform.windows() ? " (.exe on Windows)" : "") + ".");
        }
        return written;
    }

    private static String baseName(String entryName) {
        String n = entryName;
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        int slash = n.lastIndexOf('/');
        return slash < 0 ? n : n.substring(slash + 1);
    }
}
