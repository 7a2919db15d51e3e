package dev.envtest.plugin.mojo;

import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.connector.basic.BasicRepositoryConnectorFactory;
import org.eclipse.aether.impl.DefaultServiceLocator;
import org.eclipse.aether.spi.connector.RepositoryConnectorFactory;
import org.eclipse.aether.spi.connector.transport.TransporterFactory;
import org.eclipse.aether.transport.file.FileTransporterFactory;

/**
 * A real RepositorySystem for file: repositories, wired the way the resolver of the oldest supported Maven (3.6.3,
 * resolver 1.4.1) allows: its service locator. (The resolver's later RepositorySystemSupplier does not exist there.)
 */
final class FileRepositorySystem {

    private FileRepositorySystem() {
    }

    static RepositorySystem create() {
        DefaultServiceLocator locator = MavenRepositorySystemUtils.newServiceLocator();
        locator.addService(RepositoryConnectorFactory.class, BasicRepositoryConnectorFactory.class);
        locator.addService(TransporterFactory.class, FileTransporterFactory.class);
        locator.setErrorHandler(new DefaultServiceLocator.ErrorHandler() {
            @Override
            public void serviceCreationFailed(Class<?> type, Class<?> impl, Throwable exception) {
                throw new IllegalStateException("cannot create " + impl.getName() + " for " + type.getName(), exception);
            }
        });
        return locator.getService(RepositorySystem.class);
    }
}
