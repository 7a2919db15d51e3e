package dev.envtest.plugin.session;

/** Where the plugin's core says what it does: the Maven log in a build, a list in tests. */
public interface Reporter {
    void info(String message);

    void warn(String message);

    void debug(String message);

    /** Only the warnings, to {@code warnings} (tests collect them in a list). */
    static Reporter warningsTo(java.util.function.Consumer<String> warnings) {
        return new Reporter() {
            public void info(String message) {
            }

            public void warn(String message) {
                warnings.accept(message);
            }

            public void debug(String message) {
            }
        };
    }

    static Reporter silent() {
        return new Reporter() {
            public void info(String message) {
            }

            public void warn(String message) {
            }

            public void debug(String message) {
            }
        };
    }
}
