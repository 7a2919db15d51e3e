package dev.envtest.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * JUnit 5 extension ({@code @ExtendWith(EnvtestExtension.class)}) that injects what the plugin exported into fields
 * (static ones before all tests, others into each test instance) and test or lifecycle method parameters:
 * <ul>
 *   <li>{@link Envtest}: a parameter of that type, no annotation needed;</li>
 *   <li>{@link EnvtestClient @EnvtestClient} {@code KubernetesClient}: the admin, or {@code @EnvtestClient("sa")};</li>
 *   <li>{@link EnvtestServiceAccount @EnvtestServiceAccount("sa")} {@link ServiceAccountCredentials};</li>
 *   <li>{@link EnvtestContainer @EnvtestContainer("name")} {@link PublishedContainer}, or with {@code port = 8080} a
 *       {@code URI}/{@code String} URL or an {@code int} published port.</li>
 * </ul>
 * The file is read once per test run; the clients it creates are closed when their scope ends.
 */
public final class EnvtestExtension implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EnvtestExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        for (Field field : annotatedFields(context.getRequiredTestClass())) {
            if (Modifier.isStatic(field.getModifiers())) {
                inject(field, null, context);
            }
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws IllegalAccessException {
        for (Field field : annotatedFields(testInstance.getClass())) {
            if (!Modifier.isStatic(field.getModifiers())) {
                inject(field, testInstance, context);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Envtest.class || isAnnotated(parameter.getParameter());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return value(parameter.getParameter(), parameter.getParameter().getType(),
                    "parameter " + parameter.getParameter().getName() + " of " + parameter.getDeclaringExecutable(), context);
        } catch (ExtensionConfigurationException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private void inject(Field field, Object instance, ExtensionContext context) throws IllegalAccessException {
        String where = "field " + field.getDeclaringClass().getSimpleName() + "." + field.getName();
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException(where + " is final: EnvtestExtension cannot inject it. Fix: remove final.");
        }
        Object value = value(field, field.getType(), where, context);
        field.setAccessible(true);
        field.set(instance, value);
    }

    private Object value(AnnotatedElement element, Class<?> type, String where, ExtensionContext context) {
        Envtest envtest = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Envtest.class, k -> Envtest.load(), Envtest.class);
        EnvtestClient client = element.getAnnotation(EnvtestClient.class);
        EnvtestServiceAccount account = element.getAnnotation(EnvtestServiceAccount.class);
        EnvtestContainer container = element.getAnnotation(EnvtestContainer.class);
        if (client != null) {
            expect(type, where, "@EnvtestClient", KubernetesClient.class);
            KubernetesClient created = client.value().isEmpty() ? envtest.adminClient() : envtest.clientFor(client.value());
            context.getStore(NAMESPACE).put(new Object(), (ExtensionContext.Store.CloseableResource) created::close);
            return created;
        }
        if (account != null) {
            expect(type, where, "@EnvtestServiceAccount", ServiceAccountCredentials.class);
            return envtest.serviceAccount(account.value());
        }
        if (container != null) {
            PublishedContainer published = envtest.container(container.value());
            if (container.port() == EnvtestContainer.NONE) {
                expect(type, where, "@EnvtestContainer without a port", PublishedContainer.class);
                return published;
            }
            expect(type, where, "@EnvtestContainer with a port", URI.class, String.class, int.class, Integer.class);
            if (type == URI.class) {
                return published.url(container.port());
            }
            if (type == String.class) {
                return published.url(container.port()).toString();
            }
            return published.port(container.port());
        }
        return envtest;
    }

    private static void expect(Class<?> type, String where, String annotation, Class<?>... accepted) {
        for (Class<?> a : accepted) {
            if (a == type) {
                return;
            }
        }
        List<String> names = new ArrayList<>();
        for (Class<?> a : accepted) {
            names.add(a.getSimpleName());
        }
        throw new ExtensionConfigurationException(where + " is a " + type.getSimpleName() + ", but " + annotation
                + " injects " + String.join(" or ", names) + ". Fix: declare it as " + names.get(0) + ".");
    }

    private static boolean isAnnotated(AnnotatedElement element) {
        return element.isAnnotationPresent(EnvtestClient.class) || element.isAnnotationPresent(EnvtestServiceAccount.class)
                || element.isAnnotationPresent(EnvtestContainer.class);
    }

    private static List<Field> annotatedFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (isAnnotated(field)) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }

}
