package dev.envtest.plugin.engine;

import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps docker-java's debug output out of the build log. Its shaded Apache httpclient5 logs every byte it sends at
 * DEBUG (logger {@code …zerodep.shaded.org.apache.hc.client5.http.wire}, and {@code …http.headers}): with {@code -X} that
 * is the ServiceAccount token and kubeconfig of every credentials copy and a registry's auth header. Maven 3.9's slf4j
 * provider (slf4j-simple underneath) reads a logger's level from the system property
 * {@code org.slf4j.simpleLogger.log.<name or a prefix of it>} when the logger is made, which for httpclient happens when
 * its classes load: so the property is set, for docker-java's whole tree, before the first engine client exists.
 *
 * <p>A logger made earlier in this JVM (another plugin with the same shaded client) keeps its level: then its level field is
 * set directly, and if even that is not possible (another slf4j provider), {@link #requireSilent} fails before a secret
 * is sent, naming the fix.
 */
public final class TransportLogs {

    /** Everything docker-java and its shaded client log: at most INFO (its warnings and errors stay). */
    static final String DOCKER_JAVA = "com.github.dockerjava";
    static final String WIRE = "com.github.dockerjava.zerodep.shaded.org.apache.hc.client5.http.wire";
    static final String HEADERS = "com.github.dockerjava.zerodep.shaded.org.apache.hc.client5.http.headers";
    private static final String SIMPLE_LOGGER_PREFIX = "org.slf4j.simpleLogger.log.";
    /** slf4j-simple's level numbers: INFO is 20. */
    private static final int SIMPLE_INFO = 20;

    private static volatile boolean done;

    private TransportLogs() {
    }

    /** Idempotent; called before any engine client is made. */
    public static synchronized void silence() {
        if (done) {
            return;
        }
        if (System.getProperty(SIMPLE_LOGGER_PREFIX + DOCKER_JAVA) == null) {
            System.setProperty(SIMPLE_LOGGER_PREFIX + DOCKER_JAVA, "info");
        }
        for (String name : new String[] {WIRE, HEADERS}) {
            Logger logger = LoggerFactory.getLogger(name);
            if (logger.isDebugEnabled()) {
                lowerDirectly(logger);
            }
        }
        done = true;
    }

    /** Whether the loggers that would print request bodies and headers are off at DEBUG (and TRACE). */
    public static boolean silent() {
        silence();
        for (String name : new String[] {WIRE, HEADERS}) {
            if (LoggerFactory.getLogger(name).isDebugEnabled()) {
                return false;
            }
        }
        return true;
    }

    /** Before a request that carries a secret: fails, naming the fix, when the wire log could not be silenced. */
    public static void requireSilent(String what) {
        if (!silent()) {
            throw new IllegalStateException("the container engine client's wire log (" + WIRE + ") is enabled at DEBUG and"
                    + " could not be turned off, so " + what + " would be printed in the build log. Fix: run without -X, or set"
                    + " that logger to INFO in your slf4j configuration (e.g. -D" + SIMPLE_LOGGER_PREFIX + DOCKER_JAVA + "=info).");
        }
    }

    /** slf4j-simple (and Maven's subclass of it) keeps a logger's level in the field {@code currentLogLevel}. */
    private static void lowerDirectly(Logger logger) {
        for (Class<?> type = logger.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field level = type.getDeclaredField("currentLogLevel");
                level.setAccessible(true);
                level.setInt(logger, Math.max(level.getInt(logger), SIMPLE_INFO));
                return;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return;
            }
        }
    }
}
