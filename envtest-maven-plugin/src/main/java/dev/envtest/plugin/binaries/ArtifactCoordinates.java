package dev.envtest.plugin.binaries;

import java.util.regex.Pattern;

/**
 * The Maven coordinates of an envtest tarball ({@code groupId:artifactId:version[:classifier]}); the type is
 * always {@code tar.gz}.
 */
public record ArtifactCoordinates(String groupId, String artifactId, String version, String classifier) {

    public static final String EXTENSION = "tar.gz";
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.\\-]+");

    public ArtifactCoordinates {
        classifier = classifier == null ? "" : classifier;
    }

    /** Parses {@code groupId:artifactId:version} or {@code groupId:artifactId:version:classifier}. */
    public static ArtifactCoordinates parse(String text) {
        String t = text == null ? "" : text.trim();
        String[] parts = t.split(":", -1);
        boolean valid = (parts.length == 3 || parts.length == 4);
        for (int i = 0; valid && i < parts.length; i++) {
            valid = PART.matcher(parts[i]).matches();
        }
        if (!valid) {
            throw new IllegalArgumentException("binaryArtifact '" + text + "' is not groupId:artifactId:version[:classifier]"
                    + " (the artifact's type is always tar.gz). Example: com.example.envtest:envtest:1.34.2:linux-amd64");
        }
        return new ArtifactCoordinates(parts[0], parts[1], parts[2], parts.length == 4 ? parts[3] : "");
    }

    /** The file name Maven gives the artifact: {@code artifactId-version[-classifier].tar.gz}. */
    public String fileName() {
        return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + EXTENSION;
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + version + (classifier.isEmpty() ? "" : ":" + classifier);
    }
}
