package dev.envtest.plugin.mojo;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container image built by the engine (its build API, no CLI) from a context directory:
 * <pre>{@code
 * <build>
 *   <contextDirectory>${project.build.directory}/fixtures/datastorage</contextDirectory>
 *   <containerfile>Containerfile</containerfile>   <!-- relative to the context, or absolute inside it -->
 *   <args><VERSION>1.2</VERSION></args>            <!-- ARG values -->
 * </build>
 * }</pre>
 * The result is tagged with the container's {@code image} when set, else {@code localhost/envtest/<context dir>:<hash>},
 * and reused while the context's content does not change.
 */
public class ContainerBuild {

    private File contextDirectory;
    private String containerfile;
    private Map<String, String> args = new LinkedHashMap<>();

    /** The short form: just the context directory. */
    public void set(String directory) {
        this.contextDirectory = directory == null ? null : new File(directory.trim());
    }

    public File getContextDirectory() {
        return contextDirectory;
    }

    public String getContainerfile() {
        return containerfile;
    }

    public Map<String, String> getArgs() {
        return args;
    }
}
