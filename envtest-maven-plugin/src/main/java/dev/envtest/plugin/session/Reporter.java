package dev.envtest.plugin.session;

/** Where the plugin's core says what it does: the Maven log in a build, a list in tests. */
public interface Reporter {
    void info(String message);

    void warn(String message);

    void debug(String message);

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
