package org.initlab.integrations.djl;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.apiguardian.api.API;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.internal.OptionBinding;
import org.initlab.spi.internal.SpecString;

/**
 * The initializers a DJL application can name: every {@link InitializerProvider} that {@link ServiceLoader}
 * finds, resolved from spec strings exactly as initlab's own registry ({@code org.initlab.core.init
 * .InitializerRegistry}) does: parse the spec, bind positional and named arguments against the provider's
 * declared options, resolve nested initializer options ({@code lsuv(pre=he-normal)}) through this catalogue,
 * create. Kept here instead of depending on initlab's core, which would bring its data, model and backend
 * packages into a DJL application for one lookup table.
 *
 * <p>Names and aliases must be unique across providers (a clash is an error naming both classes), so a plugin
 * can never silently shadow a built-in. Immutable and thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.5")
public final class InitializerCatalog {
    private final Map<String, InitializerProvider> byName;

    private InitializerCatalog(Map<String, InitializerProvider> byName) {
        this.byName = byName;
    }

    /**
     * Discovers the providers visible to this module's class loader (the built-in catalogue and any plugin on
     * the class path).
     *
     * @return the catalogue
     * @throws IllegalArgumentException when two providers claim one name
     * @throws IllegalStateException    when a provider listed in {@code META-INF/services} cannot be loaded
     */
    public static InitializerCatalog discover() {
        return discover(InitializerCatalog.class.getClassLoader());
    }

    /**
     * Discovers the providers visible to a class loader.
     *
     * @param loader the class loader to search
     * @return the catalogue
     * @throws IllegalArgumentException when two providers claim one name
     * @throws IllegalStateException    when a provider listed in {@code META-INF/services} cannot be loaded
     */
    public static InitializerCatalog discover(ClassLoader loader) {
        List<InitializerProvider> found = new ArrayList<>();
        try {
            ServiceLoader.load(InitializerProvider.class, loader).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("cannot load an initializer provider: " + e.getMessage(), e);
        }
        return of(found);
    }

    /**
     * @param providers the providers; names and aliases must be unique
     * @return a catalogue of exactly these providers
     * @throws IllegalArgumentException when two providers claim one name
     */
    public static InitializerCatalog of(List<? extends InitializerProvider> providers) {
        List<InitializerProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(InitializerProvider::name));
        Map<String, InitializerProvider> map = new LinkedHashMap<>();
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
        return new InitializerCatalog(Map.copyOf(map));
    }

    /** @return every name and alias this catalogue resolves, sorted */
    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /**
     * Resolves a spec string.
     *
     * @param spec for example {@code orthogonal}, {@code he-normal(mode=fan_out)} or {@code lsuv(pre=he-normal)}
     * @return the initializer with its canonical spec
     * @throws IllegalArgumentException for a malformed spec, an unknown name (listing the known ones) or a bad
     *                                  option
     */
    public ResolvedInitializer resolve(String spec) {
        Objects.requireNonNull(spec, "spec");
        SpecString parsed = SpecString.parse(spec);
        InitializerProvider provider = byName.get(parsed.name());
        if (provider == null) {
            throw new IllegalArgumentException("unknown initializer '" + parsed.name() + "' (known: "
                    + String.join(", ", names()) + ")");
        }
        List<String> declared = provider.options().stream().map(OptionSpec::name).toList();
        InitializerOptions options = InitializerOptions.of(provider.name(), provider.options(),
                OptionBinding.named(provider.name(), declared, parsed.arguments()),
                nested -> resolve(nested).initializer());
        return new ResolvedInitializer(options.canonicalSpec(), provider.create(options));
    }
}
