package dev.envtest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a fabric8 {@code KubernetesClient} into a field or parameter: the admin's when no value is given, else the
 * named ServiceAccount's ({@code name}, or {@code namespace/name}). {@link EnvtestExtension} closes it afterwards
 * (a static field's after the class, any other after the test).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface EnvtestClient {

    /** The ServiceAccount; empty for the admin. */
    String value() default "";
}
