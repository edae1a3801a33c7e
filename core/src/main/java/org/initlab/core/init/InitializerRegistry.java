package org.initlab.core.init;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.core.plugin.Discovered;
import org.initlab.core.plugin.PluginJar;
import org.initlab.core.plugin.ServiceDiscovery;
import org.initlab.core.provenance.ComponentOrigin;
import org.initlab.core.provenance.InitializerOrigin;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.internal.OptionBinding;
import org.initlab.spi.internal.SpecString;
import org.initlab.spi.internal.Suggestions;

/**
 * The initializers available to a run, by name and alias, and the resolution of spec strings.
 *
 * <p>Names and aliases must be unique across providers: a clash is an error at construction that names both
 * providers' classes, so a plugin can never silently shadow a built-in.
 */
@API(status = STABLE, since = "0.1")
public final class InitializerRegistry {
    private final List<InitializerProvider> providers;
    private final Map<String, InitializerProvider> byName;
    private final Map<InitializerProvider, String> origins;
    private final Map<InitializerProvider, ComponentOrigin> sources;
    private final List<String> problems;

    /**
     * @param providers the providers; names and aliases must be unique
     * @throws IllegalArgumentException when two providers claim the same name or alias
     */
    public InitializerRegistry(List<InitializerProvider> providers) {
        this(new Discovered<>(providers.stream()
                .map(p -> new Discovered.Found<>(p, ServiceDiscovery.location(p.getClass()))).toList(), List.of()));
    }

    /**
     * @param discovered providers with their origins, and the problems met while discovering them
     * @throws IllegalArgumentException when two providers claim the same name or alias (naming both origins)
     */
    public InitializerRegistry(Discovered<InitializerProvider> discovered) {
        Discovered<InitializerProvider> usable = discovered.withoutBroken("InitializerProvider",
                InitializerRegistry::brokenDescription);
        Map<String, InitializerProvider> map = new LinkedHashMap<>();
        Map<InitializerProvider, String> origin = new IdentityHashMap<>();
        Map<InitializerProvider, ComponentOrigin> source = new IdentityHashMap<>();
        usable.found().forEach(f -> {
            origin.put(f.provider(), f.origin());
            source.put(f.provider(), f.source());
        });
        List<InitializerProvider> sorted = new ArrayList<>(usable.providers());
        sorted.sort(Comparator.comparing(InitializerProvider::name));
        for (InitializerProvider provider : sorted) {
            List<String> names = new ArrayList<>();
            names.add(provider.name());
            names.addAll(provider.aliases());
            for (String name : names) {
                InitializerProvider previous = map.putIfAbsent(name, provider);
                if (previous != null) {
                    throw new IllegalArgumentException("initializer name '" + name + "' is claimed by both "
                            + previous.getClass().getName() + " from " + origin.get(previous) + " and "
                            + provider.getClass().getName() + " from " + origin.get(provider));
                }
            }
        }
        this.providers = List.copyOf(sorted);
        this.byName = Map.copyOf(map);
        this.origins = origin;
        this.sources = source;
        this.problems = usable.problems();
    }

    /**
     * A provider must describe itself without failing: {@code name()}, {@code aliases()}, {@code summary()}
     * and {@code options()} are called here once, so that a broken plugin is one line in {@link #problems()}
     * (and left out) instead of an error in every command.
     */
    private static Optional<String> brokenDescription(InitializerProvider provider) {
        String call = "name()";
        try {
            if (provider.name() == null || provider.name().isBlank()) {
                return Optional.of("name() returned " + (provider.name() == null ? "null" : "a blank name"));
            }
            call = "aliases()";
            if (provider.aliases() == null || provider.aliases().stream().anyMatch(java.util.Objects::isNull)) {
                return Optional.of("aliases() returned null or a null alias");
            }
            call = "summary()";
            if (provider.summary() == null) {
                return Optional.of("summary() returned null");
            }
            call = "options()";
            if (provider.options() == null || provider.options().stream().anyMatch(java.util.Objects::isNull)) {
                return Optional.of("options() returned null or a null option");
            }
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            return Optional.of(call + " threw " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("\\s+", " ").strip()));
        }
    }

    /**
     * Discovers every {@link InitializerProvider} visible to a class loader.
     *
     * @param loader the class loader to search
     * @return the registry
     */
    public static InitializerRegistry load(ClassLoader loader) {
        return load(loader, List.of());
    }

    /**
     * Discovers the providers on the class path and in plugin jars.
     *
     * @param loader  the host's class loader
     * @param plugins plugin jars, each in its own class loader
     * @return the registry
     * @throws IllegalArgumentException when two providers claim one name
     */
    public static InitializerRegistry load(ClassLoader loader, List<PluginJar> plugins) {
        return new InitializerRegistry(ServiceDiscovery.discover(InitializerProvider.class, loader, plugins));
    }

    /**
     * @param provider one of this registry's providers
     * @return where it was loaded from: {@code class path (<jar>)} or {@code <plugin jar> (version <v>)}
     */
    public String origin(InitializerProvider provider) {
        return origins.getOrDefault(provider, "unknown");
    }

    /**
     * The provenance of a spec: its provider's canonical name and the jar and version it came from.
     *
     * @param spec a spec this registry resolves, e.g. a canonical spec from a plan
     * @return the spec's origin
     * @throws IllegalArgumentException for a malformed spec or an unknown name
     */
    public InitializerOrigin originOf(String spec) {
        String name = SpecString.parse(spec).name();
        InitializerProvider provider = find(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown initializer '" + name + "'"));
        ComponentOrigin source = sources.getOrDefault(provider, ComponentOrigin.ofClassPath(provider.getClass(),
                ServiceDiscovery.location(provider.getClass())));
        return new InitializerOrigin(spec, provider.name(), source);
    }

    /** @return one line per provider that failed to load */
    public List<String> problems() {
        return problems;
    }

    /** @return the providers sorted by name */
    public List<InitializerProvider> providers() {
        return providers;
    }

    /**
     * @param name a name or alias
     * @return the provider, if known
     */
    public Optional<InitializerProvider> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Resolves a spec string to an initializer.
     *
     * @param spec for example {@code he-uniform(a=0.1, mode=fan_out, nonlinearity=leaky_relu)}
     * @return the initializer with its canonical spec (canonical name, explicit options)
     * @throws IllegalArgumentException for a malformed spec, an unknown name (with the closest one) or a bad
     *                                  option
     */
    public NamedInitializer resolve(String spec) {
        SpecString parsed = SpecString.parse(spec);
        InitializerProvider provider = byName.get(parsed.name());
        if (provider == null) {
            String message = "unknown initializer '" + parsed.name() + "'";
            Optional<String> closest = Suggestions.closest(parsed.name(), byName.keySet());
            throw new IllegalArgumentException(closest.map(c -> message + "; did you mean '" + c + "'?")
                    .orElse(message + " (run 'initlab list' to see them all)"));
        }
        List<String> declared = provider.options().stream().map(OptionSpec::name).toList();
        InitializerOptions options = InitializerOptions.of(provider.name(), provider.options(),
                OptionBinding.named(provider.name(), declared, parsed.arguments()),
                nested -> resolve(nested).initializer());
        return new NamedInitializer(options.canonicalSpec(), provider.create(options));
    }
}
