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

    @Spec
    CommandSpec spec;

    /**
     * @param registry the initializers
     * @param backends the backend providers
     */
    @Inject
    public ListCommand(InitializerRegistry registry, List<BackendProvider> backends) {
        this.registry = registry;
        this.backends = backends;
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
                    a.available() ? "available: " : "unavailable: ", a.detail() + marker, source(b));
        }
        out.flush();
    }

    private static String source(Object o) {
        var location = o.getClass().getProtectionDomain().getCodeSource();
        if (location == null) {
            return o.getClass().getName();
        }
        String path = location.getLocation().getPath();
        return o.getClass().getName() + " from " + path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
    }
}
