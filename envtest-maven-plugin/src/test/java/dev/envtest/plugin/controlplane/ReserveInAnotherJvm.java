package dev.envtest.plugin.controlplane;

import dev.envtest.plugin.session.Reporter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run by {@link PortReservationsTest} in other JVMs, as another build would: prints {@code READY}, waits for a line on
 * stdin (so that all start at once), claims {@code args[2]} ports from the candidates {@code args[1]}, {@code args[1]}+1,
 * ... in {@code args[0]}, prints {@code port=<n>} for each and {@code DONE}, and keeps its claims (it stays alive)
 * until stdin is closed.
 */
public final class ReserveInAnotherJvm {

    private ReserveInAnotherJvm() {
    }

    public static void main(String[] args) throws Exception {
        AtomicInteger next = new AtomicInteger(Integer.parseInt(args[1]));
        PortReservations reservations = new PortReservations(Path.of(args[0]), address -> next.getAndIncrement(),
                Clock.systemUTC(), Reporter.silent());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY");
        System.out.flush();
        in.readLine();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            out.append("port=").append(reservations.reserve(InetAddress.getLoopbackAddress(), "test").port()).append('\n');
        }
        System.out.print(out.append("DONE\n"));
        System.out.flush();
        while (in.readLine() != null) {
            // hold the claims until the test closes stdin
        }
    }
}
