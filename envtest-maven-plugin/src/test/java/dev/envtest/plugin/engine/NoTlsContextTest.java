package dev.envtest.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyManagementException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class NoTlsContextTest {

    @Test
    void everyUseFailsNamingWhy() {
        SSLContext context = NoTlsContext.get();
        IllegalStateException e = assertThrows(IllegalStateException.class, context::createSSLEngine);
        assertTrue(e.getMessage().contains("never speaks TLS"), e.getMessage());
        assertThrows(IllegalStateException.class, context::getSocketFactory);
        assertThrows(IllegalStateException.class, () -> context.createSSLEngine("engine", 443));
        assertThrows(IllegalStateException.class, context::getClientSessionContext);
        assertThrows(KeyManagementException.class, () -> context.init(null, null, null));
    }
}
