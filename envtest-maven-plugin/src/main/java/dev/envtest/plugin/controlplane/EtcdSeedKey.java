package dev.envtest.plugin.controlplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What decides the content of etcd right after kube-apiserver's first start, as a name for a saved bootstrap: both
 * binaries (by real path, size and modification time: another build of the same version is another key) and the flags
 * of both that are the same in every run ({@link EtcdFlags} with placeholder ports and directory,
 * {@link ApiServerFlags#sameInEveryRun}). Runs with user flags (apiServerArgs, etcdArgs) have no key at all: a user flag
 * may name a file whose content changes what is stored, which no key could see.
 */
public record EtcdSeedKey(String hex) {

    /** Raised when the layout of a saved bootstrap or what is removed from it changes. */
    static final String FORMAT = "envtest-etcd-seed 2";

    public static EtcdSeedKey of(Path etcd, Path kubeApiServer, boolean unsafeNoFsync) throws IOException {
        StringBuilder text = new StringBuilder(FORMAT).append('\n');
        text.append(identity(etcd)).append('\n').append(identity(kubeApiServer)).append('\n');
        EtcdFlags.defaults(Path.of("data"), 1, 2, unsafeNoFsync).toArguments().forEach(a -> text.append(a).append('\n'));
        ApiServerFlags.sameInEveryRun().toArguments().forEach(a -> text.append(a).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return new EtcdSeedKey(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String identity(Path binary) throws IOException {
        Path real = binary.toRealPath();
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        return real + " " + attributes.size() + " " + attributes.lastModifiedTime().toMillis();
    }
}
