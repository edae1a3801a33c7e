package org.initlab.core.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.junit.jupiter.api.Test;

class InitializerRegistryTest {
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());

    @Test
    void discoversTheBuiltInsAndTheirAliases() {
        assertThat(registry.providers()).extracting(InitializerProvider::name)
                .contains("zeros", "constant", "uniform", "normal", "xavier-uniform", "xavier-normal", "he-uniform",
                        "he-normal", "lecun-uniform", "lecun-normal");
        assertThat(registry.find("kaiming-normal")).containsSame(registry.find("he-normal").orElseThrow());
        assertThat(registry.find("glorot-uniform")).containsSame(registry.find("xavier-uniform").orElseThrow());
        assertThat(registry.find("zero")).containsSame(registry.find("zeros").orElseThrow());
    }

    @Test
    void resolvesToTheCanonicalSpec() {
        assertThat(registry.resolve("kaiming-normal(mode = fan_out)").spec()).isEqualTo("he-normal(mode=fan_out)");
        assertThat(registry.resolve("normal(std=0.01)").spec()).isEqualTo("normal(std=0.01)");
    }

    @Test
    void unknownNamesGetASuggestion() {
        assertThatThrownBy(() -> registry.resolve("he-normla"))
                .hasMessage("unknown initializer 'he-normla'; did you mean 'he-normal'?");
        assertThatThrownBy(() -> registry.resolve("qwertyuiop"))
                .hasMessage("unknown initializer 'qwertyuiop' (run 'initlab list' to see them all)");
    }

    @Test
    void clashingNamesAreRejected() {
        InitializerProvider fake = new InitializerProvider() {
            @Override
            public String name() {
                return "mine";
            }

            @Override
            public List<String> aliases() {
                return List.of("zeros");
            }

            @Override
            public String summary() {
                return "a clash";
            }

            @Override
            public Initializer create(InitializerOptions options) {
                return (p, v, r) -> { };
            }
        };
        List<InitializerProvider> providers = new java.util.ArrayList<>(registry.providers());
        providers.add(fake);
        assertThatThrownBy(() -> new InitializerRegistry(providers))
                .hasMessageStartingWith("initializer name 'zeros' is claimed by both");
    }
}
