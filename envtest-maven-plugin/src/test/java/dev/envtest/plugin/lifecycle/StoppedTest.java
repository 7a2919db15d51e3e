package dev.envtest.plugin.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoppedTest {

    @Test
    void saysWhatByKindAndName() {
        Stopped stopped = new Stopped(List.of("kube-apiserver", "etcd"), List.of("envtest-1-probe"), List.of())
                .plus(new Stopped(List.of(), List.of(), List.of("envtest-1")));
        assertEquals("2 processes (kube-apiserver, etcd), 1 container (envtest-1-probe), 1 network (envtest-1)", stopped.describe());
        assertEquals(4, stopped.total());
        assertEquals("nothing", Stopped.nothing().describe());
    }
}
