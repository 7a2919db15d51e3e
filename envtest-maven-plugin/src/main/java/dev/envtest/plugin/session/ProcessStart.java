package dev.envtest.plugin.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * When a process started, in a form that names it as long as it runs, so that a recycled pid is told from the process
 * that was recorded under it — also by another JVM, after the wall clock was set.
 *
 * <p>On Linux that is field 22 of {@code /proc/PID/stat}: clock ticks since boot, which nothing changes, with the
 * boot's id ({@code /proc/sys/kernel/random/boot_id}), so that after a reboot no record names a process of the new
 * boot that happens to have the same pid and ticks (a CI image boots the same way every time). The JDK's
 * {@code ProcessHandle.Info.startInstant()} is not stable there: it adds those ticks to the boot time that each JVM
 * reads once from {@code /proc/stat} ({@code btime}), and the kernel derives {@code btime} from the wall clock. When
 * the clock is stepped (an NTP correction, a virtual machine resumed from a pause), every JVM started afterwards sees
 * every process as started that much later: measured here, {@code date -s "+3 seconds"} moved a running process's
 * start instant, read by a new JVM, from 19:03:32.320 to 19:03:35.320. A {@code mvn envtest:stop} that compared
 * instants took its own processes for strangers and left them running. The process supervisor's script uses the same
 * field for the same reason ({@code ClockStepIT} sets the clock and stops a run from another JVM). The ticks are
 * shifted in a time namespace with a boot-time offset (Linux 5.6), so a stop from another time namespace would not know
 * the processes; Maven is not run that way, while clocks are set every day. Elsewhere (macOS) the start instant is
 * what the kernel recorded at the start and stays put.
 */
public final class ProcessStart {

    /** The prefix of a Linux value, so that one is never compared with an instant written on another system. */
    private static final String TICKS = "boot:";

    private ProcessStart() {
    }

    /** The boot's id, read once: empty where there is none (then only the ticks tell processes apart). */
    private static final class Boot {
        static final String ID = readBootId();

        private static String readBootId() {
            try {
                return Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).strip();
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }
    }

    /**
     * {@code boot:BOOT_ID+TICKS} on Linux, the start instant elsewhere; empty when the process is gone or tells
     * neither.
     */
    public static Optional<String> of(ProcessHandle process) {
        Optional<String> ticks = ticksSinceBoot(process.pid());
        return ticks.isPresent() ? Optional.of(linux(ticks.get())) : process.info().startInstant().map(Object::toString);
    }

    private static String linux(String ticks) {
        return TICKS + Boot.ID + "+" + ticks;
    }

    /**
     * Whether {@code process} is the one whose start was recorded as {@code recorded} (a value of {@link #of}). False
     * for ticks where {@code /proc} cannot be read, so a process that cannot be checked is never signalled.
     */
    public static boolean matches(ProcessHandle process, String recorded) {
        if (recorded.startsWith(TICKS)) {
            Optional<String> ticks = ticksSinceBoot(process.pid());
            return ticks.isPresent() && recorded.equals(linux(ticks.get()));
        }
        return process.info().startInstant().map(i -> i.toString().equals(recorded)).orElse(false);
    }

    /** Field 22 of {@code /proc/PID/stat} ({@link ProcStat}). */
    static Optional<String> ticksSinceBoot(long pid) {
        String[] fields;
        try {
            fields = ProcStat.afterCommand(pid);
        } catch (IOException | RuntimeException e) {
            // no /proc (macOS), or the process is gone
            return Optional.empty();
        }
        return fields.length >= 20 && !fields[19].isEmpty() && fields[19].chars().allMatch(Character::isDigit)
                ? Optional.of(fields[19]) : Optional.empty();
    }
}
