package dev.envtest.plugin.containers;

/**
 * A container's start given up because another container of the same start failed: a consequence, not a cause, so
 * the stage reports only the failures that are not of this type.
 */
public final class StartAbandonedException extends ContainerException {

    public StartAbandonedException(String containerName) {
        super("container '" + containerName + "': start abandoned because another container failed");
    }
}
