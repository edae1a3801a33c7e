package org.initlab.core.plugin;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.initlab.core.provenance.ComponentOrigin;

/**
 * The providers of one service that were found, with where each came from, and one line per provider that
 * could not be loaded.
 *
 * @param found    the providers, class path first, then each plugin jar in order
 * @param problems one line per failure
 * @param <S>      the service type
 */
@API(status = INTERNAL, since = "0.1")
public record Discovered<S>(List<Found<S>> found, List<String> problems) {
    /** Copies the lists. */
    public Discovered {
        found = List.copyOf(found);
        problems = List.copyOf(problems);
    }

    /** @return the providers alone, in order */
    public List<S> providers() {
        return found.stream().map(Found::provider).toList();
    }

    /**
     * Moves providers that cannot describe themselves to the problems, one line each naming the class and its
     * origin (its jar), so that one broken plugin does not break every command.
     *
     * @param kind   the service's name for the message, e.g. {@code BackendProvider}
     * @param broken what is wrong with a provider, empty when nothing is; it may call the provider's cheap
     *               describing methods and must catch what they throw
     * @return the usable providers, with the earlier problems and one more per broken provider
     */
    public Discovered<S> withoutBroken(String kind, Function<S, Optional<String>> broken) {
        List<Found<S>> usable = new ArrayList<>();
        List<String> all = new ArrayList<>(problems);
        for (Found<S> f : found) {
            Optional<String> problem = broken.apply(f.provider());
            if (problem.isPresent()) {
                all.add(kind + " " + f.provider().getClass().getName() + " from " + f.origin() + " is broken: "
                        + problem.get());
            } else {
                usable.add(f);
            }
        }
        return new Discovered<>(usable, all);
    }

    /**
     * One provider and its origin.
     *
     * @param provider the provider instance
     * @param origin   {@code class path (<jar or folder>)} or {@code <plugin jar> (version <v>)}
     * @param source   the same, typed, for provenance
     * @param <S>      the service type
     */
    public record Found<S>(S provider, String origin, ComponentOrigin source) {
        /** Validates the components. */
        public Found {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(source, "source");
        }

        /**
         * A provider found on the host's class path.
         *
         * @param provider the provider instance
         * @param origin   its origin as a user reads it
         */
        public Found(S provider, String origin) {
            this(provider, origin, ComponentOrigin.ofClassPath(provider.getClass(),
                    ServiceDiscovery.location(provider.getClass())));
        }
    }
}
