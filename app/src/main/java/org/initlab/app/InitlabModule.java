package org.initlab.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.List;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.experiment.ComparisonRunner;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.train.Trainer;

/**
 * Guice wiring of the launcher: plugin sets come from {@link java.util.ServiceLoader} through provider
 * methods; the module itself does no I/O and has no conditional logic.
 */
public final class InitlabModule extends AbstractModule {
    private final ClassLoader pluginLoader;

    /** @param pluginLoader the class loader that sees initializer and backend plugins */
    public InitlabModule(ClassLoader pluginLoader) {
        this.pluginLoader = pluginLoader;
    }

    @Provides
    @Singleton
    InitializerRegistry initializerRegistry() {
        return InitializerRegistry.load(pluginLoader);
    }

    @Provides
    @Singleton
    List<BackendProvider> backendProviders() {
        return Backends.discover(pluginLoader);
    }

    @Provides
    @Singleton
    Trainer trainer() {
        return new Trainer();
    }

    @Provides
    @Singleton
    ComparisonRunner comparisonRunner(InitializerRegistry registry, Trainer trainer) {
        return new ComparisonRunner(registry, trainer);
    }
}
