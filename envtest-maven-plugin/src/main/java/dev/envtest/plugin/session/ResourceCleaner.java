package dev.envtest.plugin.session;

/** Removes one kind of engine resource (containers, networks) a session recorded. */
public interface ResourceCleaner {
    int clean(SessionFile session, Reporter reporter);
}
