package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The service that makes an initializer discoverable: list its class name in
 * {@code META-INF/services/org.initlab.spi.InitializerProvider} and initlab finds it with
 * {@link java.util.ServiceLoader}.
 *
 * <p>Contract: a provider has a public no-argument constructor, is cheap to construct (no I/O, no native
 * code), and is immutable. {@link #name()} is lowercase-with-dashes and unique among all providers;
 * {@link #create} validates option values beyond their types (for example {@code std >= 0}) and throws
 * {@link IllegalArgumentException} naming the option and the problem.
 */
@API(status = STABLE, since = "0.1")
public interface InitializerProvider {

    /** @return the canonical name used in spec strings, e.g. {@code he-normal} */
    String name();

    /** @return other accepted names, e.g. {@code kaiming-normal}; empty by default */
    default List<String> aliases() {
        return List.of();
    }

    /** @return one line saying what the initializer does, with its formula */
    String summary();

    /** @return the typed options with their defaults, in positional order; empty by default */
    default List<OptionSpec> options() {
        return List.of();
    }

    /**
     * Creates the initializer for a set of options.
     *
     * @param options the bound options (every declared option has a value)
     * @return the initializer
     * @throws IllegalArgumentException when an option value is out of its domain
     */
    Initializer create(InitializerOptions options);
}
