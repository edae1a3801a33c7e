package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.OptionSpec;
import org.junit.jupiter.api.Test;

/** {@link java.util.ServiceLoader} finds every built-in provider, with unique names and aliases. */
class ProviderDiscoveryTest {

    @Test
    void serviceLoaderFindsEveryBuiltInInCatalogueOrder() {
        assertThat(Catalogue.providers()).map(InitializerProvider::name).containsExactly("zeros", "ones", "constant",
                "uniform", "normal", "trunc-normal", "xavier-uniform", "xavier-normal", "he-uniform", "he-normal",
                "lecun-uniform", "lecun-normal", "variance-scaling", "scaled-normal", "orthogonal", "identity", "dirac",
                "delta-orthogonal", "sparse", "zero-init", "pytorch-default", "keras-default", "djl-default",
                "pretrained", "lsuv", "fixup", "skipinit", "rezero", "zero-gamma", "residual-scaled", "gpt2", "bert",
                "t-fixup", "deepnorm", "small-embedding");
    }

    @Test
    void namesAndAliasesAreUniqueAcrossProviders() {
        List<String> all = new ArrayList<>();
        for (InitializerProvider provider : Catalogue.providers()) {
            all.add(provider.name());
            all.addAll(provider.aliases());
        }

        assertThat(all).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*"));
    }

    @Test
    void aliasesAreTheGlorotKaimingSingularAndLongNames() {
        Map<String, List<String>> aliases = Catalogue.providers().stream()
                .filter(p -> !p.aliases().isEmpty())
                .collect(Collectors.toMap(InitializerProvider::name, InitializerProvider::aliases));

        assertThat(aliases).containsOnly(
                Map.entry("zeros", List.of("zero")),
                Map.entry("trunc-normal", List.of("truncated-normal")),
                Map.entry("identity", List.of("eye")),
                Map.entry("xavier-uniform", List.of("glorot-uniform")),
                Map.entry("xavier-normal", List.of("glorot-normal")),
                Map.entry("he-uniform", List.of("kaiming-uniform")),
                Map.entry("he-normal", List.of("kaiming-normal")));
    }

    @Test
    void everyProviderDescribesItselfAndCreatesFromItsDefaults() {
        for (InitializerProvider provider : Catalogue.providers()) {
            assertThat(provider.summary()).as(provider.name()).isNotBlank();
            assertThat(provider.options()).as(provider.name()).isUnmodifiable();
            assertThat(provider.aliases()).as(provider.name()).isUnmodifiable();
            if (provider.options().stream().noneMatch(OptionSpec::required)) {
                var initializer = Catalogue.create(provider.name());
                assertThat(initializer).as(provider.name()).hasToString(provider.name());
            }
        }
    }
}
