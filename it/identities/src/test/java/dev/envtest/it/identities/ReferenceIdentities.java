package dev.envtest.it.identities;

import java.util.List;

/** The ServiceAccounts this project's pom declares (their clients and credentials come from envtest-junit). */
final class ReferenceIdentities {

    static final String NAMESPACE = "default";
    static final String SERVICE = "data-storage-service";

    static final String DATA_STORAGE_SA = "data-storage-sa";
    static final String READER = "reader-client";
    static final String WRITER = "writer-client";
    static final String NO_ACCESS = "no-access-client";
    static final List<String> ALL = List.of(DATA_STORAGE_SA, READER, WRITER, NO_ACCESS);

    private ReferenceIdentities() {
    }

    static String username(String sa) {
        return "system:serviceaccount:" + NAMESPACE + ":" + sa;
    }
}
