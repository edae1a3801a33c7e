package org.initlab.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.List;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.experiment.ComparisonRunner;
import org.initlab.core.experiment.TrialRunnerProvider;
import org.initlab.core.experiment.TrialRunners;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.plugin.Discovered;
import org.initlab.core.plugin.PluginDirectory;
import org.initlab.core.plugin.ServiceDiscovery;
import org.initlab.core.train.Trainer;

/**
 * Guice wiring of the launcher: plugin sets come from {@link java.util.ServiceLoader} through provider
 * methods; the module has no conditional logic and does nothing when built, but its provider methods read the
 * class path's and the plugin jars' service files and load the provider classes when Guice first calls them
 * (at start-up, for every command).
 */
public final class InitlabModule extends AbstractModule {
    private final ClassLoader hostLoader;
    private final PluginDirectory plugins;

    /**
     * @param hostLoader the class loader of initlab and of plugins on the class path
     * @param plugins    the jars of the plugins directory, each in its own class loader
     */
    public InitlabModule(ClassLoader hostLoader, PluginDirectory plugins) {
        this.hostLoader = hostLoader;
        this.plugins = plugins;
    }

    @Provides
    @Singleton
    PluginDirectory pluginDirectory() {
        return plugins;
    }

    @Provides
    @Singleton
    InitializerRegistry initializerRegistry() {
        return InitializerRegistry.load(hostLoader, plugins.jars());
    }

    @Provides
    @Singleton
    Discovered<BackendProvider> discoveredBackends() {
        return ServiceDiscovery.discover(BackendProvider.class, hostLoader, plugins.jars())
                .withoutBroken("BackendProvider", Backends::brokenDescription);
    }

    @Provides
    @Singleton
    List<BackendProvider> backendProviders(Discovered<BackendProvider> discovered) {
        return Backends.sorted(discovered.providers());
    }

    @Provides
    @Singleton
    Trainer trainer() {
        return new Trainer();
    }

    @Provides
    @Singleton
    List<TrialRunnerProvider> trialRunners() {
        return TrialRunners.discover(hostLoader);
    }

    @Provides
    @Singleton
    ComparisonRunner comparisonRunner(InitializerRegistry registry, Trainer trainer) {
        return new ComparisonRunner(registry, trainer);
    }
}
