package org.initlab.testkit.initializers;

import java.util.List;
import java.util.ServiceLoader;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.InitializerResolver;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.internal.OptionBinding;
import org.initlab.spi.internal.SpecString;

/**
 * Spec strings to initializers the way initlab's registry makes them: parse, bind the options against the
 * provider's declarations, create; nested initializer options ({@code pre=orthogonal}) are resolved among the
 * providers {@link ServiceLoader} finds next to the provider under test.
 */
final class Specs {
    private Specs() {
    }

    /**
     * @param provider the provider under test
     * @param spec     a spec naming it (or one of its aliases)
     * @return the initializer
     * @throws IllegalArgumentException when the spec names another initializer or does not bind
     */
    static Initializer create(InitializerProvider provider, String spec) {
        SpecString parsed = SpecString.parse(spec);
        if (!parsed.name().equals(provider.name()) && !provider.aliases().contains(parsed.name())) {
            throw new IllegalArgumentException("spec '" + spec + "' names '" + parsed.name() + "', not the provider "
                    + "under test, '" + provider.name() + "'");
        }
        List<String> declared = provider.options().stream().map(OptionSpec::name).toList();
        return provider.create(InitializerOptions.of(provider.name(), provider.options(),
                OptionBinding.named(provider.name(), declared, parsed.arguments()), resolver(provider)));
    }

    /** Resolves nested specs among the providers visible from the provider's class loader. */
    static InitializerResolver resolver(InitializerProvider provider) {
        return nested -> {
            String name = SpecString.parse(nested).name();
            for (InitializerProvider candidate : discovered(provider)) {
                if (candidate.name().equals(name) || candidate.aliases().contains(name)) {
                    return create(candidate, nested);
                }
            }
            throw new IllegalArgumentException("nested initializer '" + nested + "': no provider named '" + name
                    + "' is on the class path");
        };
    }

    /** The providers {@link ServiceLoader} finds through the class loader of {@code provider}. */
    static List<InitializerProvider> discovered(InitializerProvider provider) {
        return ServiceLoader.load(InitializerProvider.class, provider.getClass().getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }
}
