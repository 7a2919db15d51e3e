package dev.envtest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Injects the named ServiceAccount's {@link ServiceAccountCredentials} (token, kubeconfigs, in-cluster bundle). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface EnvtestServiceAccount {

    /** {@code name}, or {@code namespace/name} when the name is declared in several namespaces. */
    String value();
}
