package dev.envtest.plugin.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineFlagsTest {

    @Test
    void aUserFlagReplacesOnlyTheDefaultOfTheSameName() {
        CommandLineFlags flags = new CommandLineFlags().set("etcd-servers", "http://127.0.0.1:1").set("bind-address", "127.0.0.1");
        List<String> replaced = flags.override(List.of("--bind-address=0.0.0.0", "feature-gates=A=true", "--v"), "apiServerArgs");
        assertEquals(List.of("bind-address"), replaced);
        assertEquals(List.of("--etcd-servers=http://127.0.0.1:1", "--bind-address=0.0.0.0", "--feature-gates=A=true", "--v=true"),
                flags.toArguments());
    }

    @Test
    void somethingThatIsNotAFlagIsRefusedWithTheFix() {
        ControlPlaneException e = assertThrows(ControlPlaneException.class,
                () -> new CommandLineFlags().override(List.of("bind address"), "apiServerArgs"));
        assertTrue(e.getMessage().contains("apiServerArgs entry 'bind address'") && e.getMessage().contains("--name=value"), e.getMessage());
    }
}
