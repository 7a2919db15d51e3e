package dev.envtest.plugin.mojo;

import java.io.File;

/**
 * A file or directory copied into a container before it starts, through the engine's archive API (so it works on a
 * Podman machine without shared folders):
 * {@code <file><source>src/it/config.yaml</source><target>/etc/app/config.yaml</target><mode>0640</mode></file>}.
 * Files are 0644 (0755 when executable) unless {@code mode} says otherwise, owned by root: any container user reads them.
 */
public class ContainerFile {

    private File source;
    private String target;
    private String mode;

    public File getSource() {
        return source;
    }

    public String getTarget() {
        return target;
    }

    public String getMode() {
        return mode;
    }
}
