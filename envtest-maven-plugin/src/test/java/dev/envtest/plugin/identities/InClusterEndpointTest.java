package dev.envtest.plugin.identities;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InClusterEndpointTest {

    @Test
    void hostAndPortOfTheContainerUrl() {
        InClusterEndpoint e = InClusterEndpoint.fromContainerUrl("https://host.containers.internal:34567");
        assertEquals(new InClusterEndpoint("host.containers.internal", 34567), e);
        assertEquals("KUBERNETES_SERVICE_HOST=host.containers.internal\nKUBERNETES_SERVICE_PORT=34567\n"
                + "KUBERNETES_SERVICE_PORT_HTTPS=34567\n", e.envFile());
    }

    @Test
    void ipv6WithoutBracketsAsKubernetesSetsIt() {
        assertEquals(new InClusterEndpoint("fd00::1", 6443), InClusterEndpoint.fromContainerUrl("https://[fd00::1]:6443"));
    }
}
