package dev.envtest.plugin.mojo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ExportEchoTest {

    private static final String KEY = "envtest.workDirectory";
    private static final String UNSET = "${envtest.workDirectory}";

    private final Properties none = new Properties();

    private static Properties of(String value) {
        Properties p = new Properties();
        p.setProperty(KEY, value);
        return p;
    }

    @Test
    void anEarlierStartsExportReadBackIsAnEcho() {
        Object exported = ExportEcho.remember(null, Map.of(KEY, "/p/target/envtest-cluster"));
        assertTrue(ExportEcho.isEcho(KEY, UNSET, none, none, of("/p/target/envtest-cluster"), exported));
        assertTrue(ExportEcho.isEcho(KEY, null, none, none, of("/p/target/envtest-cluster"), exported));
    }

    @Test
    void aValueSetInThePomOrOnTheCommandLineIsNever() {
        Object exported = ExportEcho.remember(null, Map.of(KEY, "/p/target/envtest-cluster"));
        Properties project = of("/p/target/envtest-cluster");
        assertFalse(ExportEcho.isEcho(KEY, "/p/target/envtest-cluster", none, none, project, exported));
        assertFalse(ExportEcho.isEcho(KEY, UNSET, of("/p/target/envtest-cluster"), none, project, exported));
        assertFalse(ExportEcho.isEcho(KEY, UNSET, none, of("/p/target/envtest-cluster"), project, exported));
    }

    @Test
    void aProjectPropertyThePluginDidNotWriteIsTheUsersSetting() {
        assertFalse(ExportEcho.isEcho(KEY, UNSET, none, none, of("/p/target/mine"), null));
        Object exported = ExportEcho.remember(null, Map.of(KEY, "/p/target/envtest"));
        // the pom's own <properties> value differs from what was exported: it is the user's
        assertFalse(ExportEcho.isEcho(KEY, UNSET, none, none, of("/p/target/mine"), exported));
    }

    @Test
    void laterExportsAddToEarlierOnes() {
        Object first = ExportEcho.remember(null, Map.of(KEY, "/a", "envtest.bindAddress", "0.0.0.0"));
        Object both = ExportEcho.remember(first, Map.of(KEY, "/b"));
        assertTrue(ExportEcho.isEcho(KEY, UNSET, none, none, of("/b"), both));
        Properties bind = new Properties();
        bind.setProperty("envtest.bindAddress", "0.0.0.0");
        assertTrue(ExportEcho.isEcho("envtest.bindAddress", "${envtest.bindAddress}", none, none, bind, both));
    }
}
