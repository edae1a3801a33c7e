package org.initlab.integrations.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.initlab.initializers.OrthogonalProvider;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.junit.jupiter.api.Test;

class DjlOfflineAndCatalogTest {

    @Test
    void configureSetsTheOfflinePropertiesOnlyWhereUnset() {
        String before = System.getProperty("OPT_OUT_TRACKING");
        try {
            System.clearProperty("OPT_OUT_TRACKING");
            System.setProperty("offline", "custom");
            DjlOffline.configure();
            assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
            assertThat(System.getProperty("offline")).isEqualTo("custom");
            assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        } finally {
            System.setProperty("offline", "true");
            System.setProperty("OPT_OUT_TRACKING", before == null ? "true" : before);
        }
    }

    @Test
    void theCatalogResolvesSpecsAsInitlabsRegistryDoes() {
        InitializerCatalog catalog = InitializerCatalog.discover();
        assertThat(catalog.names()).contains("he-normal", "kaiming-normal", "orthogonal", "lsuv", "zeros");
        assertThat(catalog.resolve("kaiming-normal(0, fan_out)").spec()).isEqualTo("he-normal(mode=fan_out)");
        assertThat(catalog.resolve("lsuv(pre=he-normal(mode=fan_out))").spec())
                .isEqualTo("lsuv(pre=he-normal(mode=fan_out))");
        assertThatThrownBy(() -> catalog.resolve("orthogonal(gain=-)"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoProvidersClaimingOneNameAreRefused() {
        InitializerProvider impostor = new InitializerProvider() {
            @Override
            public String name() {
                return "orthogonal";
            }

            @Override
            public String summary() {
                return "not the real one";
            }

            @Override
            public Initializer create(InitializerOptions options) {
                return (p, v, r) -> { };
            }
        };
        assertThatThrownBy(() -> InitializerCatalog.of(List.of(new OrthogonalProvider(), impostor)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("initializer name 'orthogonal' is claimed by both ");
    }
}
