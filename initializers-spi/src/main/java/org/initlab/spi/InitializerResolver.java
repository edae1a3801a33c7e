package org.initlab.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Turns a spec string into an initializer. The host's registry implements it and hands it to
 * {@link InitializerOptions#of(String, java.util.List, java.util.Map, InitializerResolver)}, so that an
 * initializer can take another one as an option ({@code missing=he-normal}, {@code pre=orthogonal}).
 */
@API(status = EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface InitializerResolver {
    /** A resolver that resolves nothing (for binding outside a registry). */
    InitializerResolver NONE = spec -> {
        throw new IllegalArgumentException("nested initializer '" + spec + "' cannot be resolved here");
    };

    /**
     * @param spec a spec string such as {@code he-normal(mode=fan_out)}
     * @return the initializer
     * @throws IllegalArgumentException for an unknown name or a bad option
     */
    Initializer resolve(String spec);
}
