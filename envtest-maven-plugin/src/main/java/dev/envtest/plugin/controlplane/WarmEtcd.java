package dev.envtest.plugin.controlplane;

import java.nio.file.Path;

/**
 * Whether etcd starts on a copy of a saved bootstrap ({@link EtcdSeedStore}) and where those are kept.
 *
 * @param enabled the {@code warmEtcd} parameter
 * @param seeds   the per-user directory of saved bootstraps, one per {@link EtcdSeedKey}
 */
public record WarmEtcd(boolean enabled, Path seeds) {

    public static WarmEtcd off() {
        return new WarmEtcd(false, null);
    }
}
