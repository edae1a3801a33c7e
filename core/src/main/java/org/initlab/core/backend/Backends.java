package org.initlab.core.backend;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.core.plugin.ServiceDiscovery;

/**
 * Discovery and the deterministic choice of a backend: an explicit name (command line, then the system
 * property {@value #PROPERTY}, then the environment variable {@value #ENVIRONMENT}), else the available
 * backend with the highest rank (ties broken by name).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Backends {
    /** System property naming the backend. */
    public static final String PROPERTY = "initlab.backend";
    /** Environment variable naming the backend. */
    public static final String ENVIRONMENT = "INITLAB_BACKEND";

    private Backends() {
    }

    /**
     * @param loader the class loader to search
     * @return every provider found, sorted by descending rank then name
     */
    public static List<BackendProvider> discover(ClassLoader loader) {
        return sorted(ServiceDiscovery.discover(BackendProvider.class, loader, List.of()).providers());
    }

    /**
     * @param providers backend providers
     * @return them sorted by descending rank, then name
     */
    public static List<BackendProvider> sorted(List<BackendProvider> providers) {
        List<BackendProvider> found = new ArrayList<>(providers);
        found.sort(Comparator.comparingInt(BackendProvider::rank).reversed().thenComparing(BackendProvider::name));
        return List.copyOf(found);
    }

    /**
     * The explicitly requested backend name, if any.
     *
     * @param cli         the {@code --backend} value, if given
     * @param properties  system properties
     * @param environment environment variables
     * @return the first of cli, {@value #PROPERTY}, {@value #ENVIRONMENT} that is set and not blank
     */
    public static Optional<String> requestedName(Optional<String> cli, Map<?, ?> properties,
                                                 Map<String, String> environment) {
        if (cli.isPresent() && !cli.get().isBlank()) {
            return cli.map(String::strip);
        }
        Object property = properties.get(PROPERTY);
        if (property != null && !property.toString().isBlank()) {
            return Optional.of(property.toString().strip());
        }
        String env = environment.get(ENVIRONMENT);
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(env.strip());
    }

    /**
     * Chooses a provider.
     *
     * @param requested an explicit name, if any
     * @param providers the candidates
     * @return the chosen provider
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or an unavailable one
     *                                  (with the reason), or when none is available
     */
    public static BackendProvider choose(Optional<String> requested, List<BackendProvider> providers) {
        if (requested.isPresent()) {
            String name = requested.get();
            BackendProvider provider = providers.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + name + "' (known: "
                            + String.join(", ", providers.stream().map(BackendProvider::name).toList()) + ")"));
            Availability availability = provider.availability();
            if (!availability.available()) {
                throw new IllegalArgumentException("backend '" + name + "' is not available: "
                        + availability.detail());
            }
            return provider;
        }
        return providers.stream().filter(p -> p.availability().available())
                .max(Comparator.comparingInt(BackendProvider::rank)
                        .thenComparing(BackendProvider::name, Comparator.reverseOrder()))
                .orElseThrow(() -> new IllegalArgumentException("no backend is available (found: "
                        + (providers.isEmpty() ? "none" : String.join(", ",
                        providers.stream().map(p -> p.name() + ": " + p.availability().detail()).toList())) + ")"));
    }

    /**
     * What keeps a provider from being listed or chosen: a {@code name()} that is null, blank or throws, or a
     * {@code rank()} that throws. For {@link org.initlab.core.plugin.Discovered#withoutBroken}.
     *
     * @param provider a discovered provider
     * @return the problem, empty for a usable provider
     */
    public static Optional<String> brokenDescription(BackendProvider provider) {
        try {
            String name = provider.name();
            if (name == null || name.isBlank()) {
                return Optional.of("name() returned " + (name == null ? "null" : "a blank name"));
            }
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("name() threw " + e);
        }
        try {
            provider.rank();
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("rank() threw " + e);
        }
    }
}
