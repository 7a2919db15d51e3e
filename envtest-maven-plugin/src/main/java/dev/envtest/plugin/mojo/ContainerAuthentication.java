package dev.envtest.plugin.mojo;

/**
 * A container's own registry credentials, for when the registry host alone does not pick the right ones:
 * <pre>{@code
 * <authentication><serverId>ci-registry</serverId></authentication>   <!-- a <server> of settings.xml (preferred) -->
 * <authentication><username>u</username><password>${env.REG_PW}</password></authentication>
 * }</pre>
 * A password in settings.xml may be encrypted ({@code mvn --encrypt-password}); the plugin decrypts it as Maven does.
 */
public class ContainerAuthentication {

    private String serverId;
    private String username;
    private String password;

    public String getServerId() {
        return serverId;
    }

    public String getUsername() {
        return username;
    }

    public String getPassword() {
        return password;
    }

    /** Never the password (Maven prints parameters with -X). */
    @Override
    public String toString() {
        return serverId != null ? "serverId " + serverId : "username " + username;
    }
}
