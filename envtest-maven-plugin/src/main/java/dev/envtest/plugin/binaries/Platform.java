package dev.envtest.plugin.binaries;

import java.util.Locale;

/** The {@code <os>-<arch>} pair in envtest's naming ({@code linux-amd64}, {@code darwin-arm64}, ...). */
public record Platform(String os, String arch) {

    public static Platform current() {
        return of(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    public static Platform of(String javaOsName, String javaOsArch) {
        String osName = javaOsName.toLowerCase(Locale.ROOT);
        String os = osName.startsWith("mac") || osName.contains("darwin") ? "darwin"
                : osName.startsWith("windows") ? "windows" : "linux";
        String arch = switch (javaOsArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            default -> javaOsArch.toLowerCase(Locale.ROOT);
        };
        return new Platform(os, arch);
    }

    public boolean windows() {
        return "windows".equals(os);
    }

    /** A binary's file name on this platform ({@code etcd.exe} on Windows). */
    public String executable(String name) {
        return windows() ? name + ".exe" : name;
    }

    @Override
    public String toString() {
        return os + "-" + arch;
    }
}
