package org.initlab.core.init;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.SpecString;
import org.initlab.spi.Suggestions;

/**
 * The initializers available to a run, by name and alias, and the resolution of spec strings.
 *
 * <p>Names and aliases must be unique across providers: a clash is an error at construction that names both
 * providers' classes, so a plugin can never silently shadow a built-in.
 */
public final class InitializerRegistry {
    private final List<InitializerProvider> providers;
    private final Map<String, InitializerProvider> byName;

    /**
     * @param providers the providers; names and aliases must be unique
     * @throws IllegalArgumentException when two providers claim the same name or alias
     */
    public InitializerRegistry(List<InitializerProvider> providers) {
        Map<String, InitializerProvider> map = new LinkedHashMap<>();
        List<InitializerProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(InitializerProvider::name));
        for (InitializerProvider provider : sorted) {
            List<String> names = new ArrayList<>();
            names.add(provider.name());
            names.addAll(provider.aliases());
            for (String name : names) {
                InitializerProvider previous = map.putIfAbsent(name, provider);
                if (previous != null) {
                    throw new IllegalArgumentException("initializer name '" + name + "' is claimed by both "
                            + previous.getClass().getName() + " and " + provider.getClass().getName());
                }
            }
        }
        this.providers = List.copyOf(sorted);
        this.byName = Map.copyOf(map);
    }

    /**
     * Discovers every {@link InitializerProvider} visible to a class loader.
     *
     * @param loader the class loader to search
     * @return the registry
     */
    public static InitializerRegistry load(ClassLoader loader) {
        List<InitializerProvider> found = new ArrayList<>();
        ServiceLoader.load(InitializerProvider.class, loader).forEach(found::add);
        return new InitializerRegistry(found);
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
        InitializerOptions options = InitializerOptions.bind(provider.name(), provider.options(),
                parsed.arguments(), nested -> resolve(nested).initializer());
        return new NamedInitializer(options.canonicalSpec(), provider.create(options));
    }
}
