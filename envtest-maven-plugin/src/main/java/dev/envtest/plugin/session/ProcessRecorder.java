package dev.envtest.plugin.session;

/**
 * Told about every process the moment it exists, so that a later {@code stop} in another JVM can find it.
 */
public interface ProcessRecorder {

    void started(String name, ProcessHandle process);

    void stopped(String name);

    static ProcessRecorder none() {
        return new ProcessRecorder() {
            public void started(String name, ProcessHandle process) {
            }

            public void stopped(String name) {
            }
        };
    }
}
