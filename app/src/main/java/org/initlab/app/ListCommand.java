package org.initlab.app;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.initlab.core.backend.Availability;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.plugin.Discovered;
import org.initlab.core.plugin.PluginDirectory;
import org.initlab.spi.InitializerProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code initlab list}: the initializers and backends that were discovered, and where from. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the available initializers (name, aliases, options with defaults) and backends.")
public final class ListCommand implements Runnable {
    private final InitializerRegistry registry;
    private final List<BackendProvider> backends;
    private final Discovered<BackendProvider> discoveredBackends;
    private final PluginDirectory plugins;

    @Spec
    CommandSpec spec;

    /**
     * @param registry the initializers
     * @param backends the backend providers
     * @param discoveredBackends the backend providers with their origins and loading problems
     * @param plugins  the plugins directory
     */
    @Inject
    public ListCommand(InitializerRegistry registry, List<BackendProvider> backends,
                       Discovered<BackendProvider> discoveredBackends, PluginDirectory plugins) {
        this.registry = registry;
        this.backends = backends;
        this.discoveredBackends = discoveredBackends;
        this.plugins = plugins;
    }

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Initializers (" + registry.providers().size() + "):");
        for (InitializerProvider p : registry.providers()) {
            String options = p.options().stream().map(Object::toString).collect(Collectors.joining(", "));
            out.printf("  %-40s %s%n", p.name() + (options.isEmpty() ? "" : "(" + options + ")"), p.summary());
            if (!p.aliases().isEmpty()) {
                out.printf("  %-40s aliases: %s%n", "", String.join(", ", p.aliases()));
            }
            out.printf("  %-40s from %s%n", "", registry.origin(p));
        }
        out.println();
        out.println("Backends (" + backends.size() + "):");
        Optional<String> chosen;
        try {
            chosen = Optional.of(Backends.choose(Backends.requestedName(Optional.empty(), System.getProperties(),
                    System.getenv()), backends).name());
        } catch (IllegalArgumentException e) {
            chosen = Optional.empty();
        }
        for (BackendProvider b : backends) {
            Availability a = b.availability();
            String marker = chosen.filter(b.name()::equals).isPresent() ? " (default)" : "";
            out.printf("  %-10s rank %-4d %s%s  [%s]%n", b.name(), b.rank(),
                    a.available() ? "available: " : "unavailable: ", a.detail() + marker, origin(b));
        }
        List<String> problems = new java.util.ArrayList<>(plugins.problems());
        problems.addAll(registry.problems());
        problems.addAll(discoveredBackends.problems());
        if (!problems.isEmpty()) {
            out.println();
            out.println("Problems (" + problems.size() + "):");
            problems.forEach(p -> out.println("  " + p));
        }
        out.flush();
    }

    private String origin(BackendProvider provider) {
        return provider.getClass().getName() + " from " + discoveredBackends.found().stream()
                .filter(f -> f.provider() == provider).map(Discovered.Found::origin).findFirst().orElse("unknown");
    }
}
