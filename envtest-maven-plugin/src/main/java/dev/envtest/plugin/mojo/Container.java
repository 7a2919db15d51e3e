package dev.envtest.plugin.mojo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container the {@code start} goal runs on the build's own network once the API server and the identities are
 * ready; {@code stop} removes it. In the pom:
 * <pre>{@code
 * <container>
 *   <name>datastorage</name>                                   <!-- DNS label; also its network alias -->
 *   <image>postgres:16</image>                                 <!-- or a build: -->
 *   <build>
 *     <contextDirectory>${project.build.directory}/image</contextDirectory>
 *     <containerfile>Containerfile</containerfile>             <!-- inside the context; default Containerfile, else Dockerfile -->
 *   </build>
 *   <pullPolicy>missing</pullPolicy>                           <!-- missing | always | never; default: the goal's pullPolicy -->
 *   <authentication><serverId>ci-registry</serverId></authentication>  <!-- else found by registry host -->
 *   <command><arg>/app</arg></command>                         <!-- replaces ENTRYPOINT -->
 *   <args><arg>--port=8080</arg></args>                        <!-- replaces CMD; ${envtest.*} resolved -->
 *   <env><POD_NAMESPACE>default</POD_NAMESPACE></env>          <!-- ${envtest.*} resolved -->
 *   <envFile>src/it/app.env</envFile>                          <!-- KEY=VALUE lines; env wins for the same name -->
 *   <tmpfs><mount>/var/lib/postgresql/data</mount></tmpfs>     <!-- in memory: path[:options] -->
 *   <volumes><volume>pgdata:/var/lib/postgresql/data</volume></volumes>  <!-- created for the run, removed by stop -->
 *   <ports><port>8080</port><port>8081</port></ports>          <!-- published on random 127.0.0.1 ports -->
 *   <aliases><alias>data-storage</alias></aliases>
 *   <dependsOn><name>postgres</name></dependsOn>              <!-- started and ready first -->
 *   <files><file><source>src/it/config.yaml</source><target>/etc/app/config.yaml</target></file></files>
 *   <labels><team>storage</team></labels>
 *   <serviceAccount>data-storage-sa</serviceAccount>           <!-- [namespace/]name of a provisioned ServiceAccount -->
 *   <credentials>inCluster</credentials>                       <!-- inCluster (default) | kubeconfig -->
 *   <wait><http><port>8081</port><path>/readyz</path></http><timeout>60</timeout></wait>
 *   <webhook><port>9443</port></webhook>                       <!-- a webhook server: see the webhooks page -->
 * </container>
 * }</pre>
 * or, short, {@code <container>name=image</container>} (also the form of {@code -Denvtest.containers=redis=redis:7}).
 */
public class Container {

    private String name;
    private String image;
    private String pullPolicy;
    private ContainerAuthentication authentication;
    private ContainerBuild build;
    private List<String> command = new ArrayList<>();
    private List<String> args = new ArrayList<>();
    private Map<String, String> env = new LinkedHashMap<>();
    private java.io.File envFile;
    private List<String> tmpfs = new ArrayList<>();
    private List<String> volumes = new ArrayList<>();
    private List<String> ports = new ArrayList<>();
    private List<String> aliases = new ArrayList<>();
    private List<String> dependsOn = new ArrayList<>();
    private List<ContainerFile> files = new ArrayList<>();
    private Map<String, String> labels = new LinkedHashMap<>();
    private String serviceAccount;
    private String credentials;
    private String kubeconfigPath;
    private ContainerWait wait;
    private String user;
    private ContainerWebhookServer webhook;

    /** The short form {@code name=image}; Maven calls this for a text value. */
    public void set(String shortForm) {
        String text = shortForm == null ? "" : shortForm.trim();
        int eq = text.indexOf('=');
        if (eq > 0) {
            name = text.substring(0, eq).trim();
            image = text.substring(eq + 1).trim();
        } else {
            image = text;
        }
    }

    public String getName() {
        return name;
    }

    public String getImage() {
        return image;
    }

    public String getPullPolicy() {
        return pullPolicy;
    }

    public ContainerAuthentication getAuthentication() {
        return authentication;
    }

    public ContainerBuild getBuild() {
        return build;
    }

    public List<String> getCommand() {
        return command;
    }

    public List<String> getArgs() {
        return args;
    }

    public Map<String, String> getEnv() {
        return env;
    }

    public java.io.File getEnvFile() {
        return envFile;
    }

    public List<String> getTmpfs() {
        return tmpfs;
    }

    public List<String> getVolumes() {
        return volumes;
    }

    public List<String> getPorts() {
        return ports;
    }

    public List<String> getAliases() {
        return aliases;
    }

    public List<String> getDependsOn() {
        return dependsOn;
    }

    public List<ContainerFile> getFiles() {
        return files;
    }

    public Map<String, String> getLabels() {
        return labels;
    }

    public String getServiceAccount() {
        return serviceAccount;
    }

    public String getCredentials() {
        return credentials;
    }

    public String getKubeconfigPath() {
        return kubeconfigPath;
    }

    public ContainerWait getWait() {
        return wait;
    }

    public String getUser() {
        return user;
    }

    public ContainerWebhookServer getWebhook() {
        return webhook;
    }
}
