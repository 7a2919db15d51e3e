package dev.envtest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a container of the plugin's {@code <containers>}: as a {@link PublishedContainer}, or, with {@link #port()},
 * that port's URL (a {@code URI} or {@code String}, e.g. {@code http://127.0.0.1:41234}) or its published host port
 * (an {@code int}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface EnvtestContainer {

    /** The container's name in the plugin's configuration. */
    String value();

    /** A container port, for a URL or published port; none for a {@link PublishedContainer}. */
    int port() default NONE;

    int NONE = -1;
}
