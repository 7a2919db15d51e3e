package dev.envtest.plugin.session;

import java.util.List;

/** Removes one kind of engine resource (containers, networks) a session recorded. */
public interface ResourceCleaner {
    /** Returns what it removed (kind and name), for the report of what was stopped. */
    List<SessionFile.ResourceEntry> clean(SessionFile session, Reporter reporter);
}
