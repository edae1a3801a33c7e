package org.initlab.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackendsTest {

    private static BackendProvider provider(String name, int rank, boolean available) {
        return new BackendProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int rank() {
                return rank;
            }

            @Override
            public Availability availability() {
                return available ? Availability.available("CPU") : Availability.unavailable("no natives here");
            }

            @Override
            public Backend create(BackendOptions options) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private final List<BackendProvider> providers = List.of(provider("native", 10, true), provider("gpu", 100, false),
            provider("slow", 1, true));

    @Test
    void bestRankedAvailableBackendIsTheDefault() {
        assertThat(Backends.choose(Optional.empty(), providers).name()).isEqualTo("native");
    }

    @Test
    void anExplicitNameWins() {
        assertThat(Backends.choose(Optional.of("slow"), providers).name()).isEqualTo("slow");
    }

    @Test
    void unknownOrUnavailableNamesAreErrors() {
        assertThatThrownBy(() -> Backends.choose(Optional.of("tpu"), providers))
                .hasMessage("unknown backend 'tpu' (known: native, gpu, slow)");
        assertThatThrownBy(() -> Backends.choose(Optional.of("gpu"), providers))
                .hasMessage("backend 'gpu' is not available: no natives here");
        assertThatThrownBy(() -> Backends.choose(Optional.empty(), List.of(provider("gpu", 1, false))))
                .hasMessageContaining("no backend is available");
    }

    @Test
    void cliThenPropertyThenEnvironment() {
        Map<String, String> env = Map.of(Backends.ENVIRONMENT, "env");
        Map<String, String> props = Map.of(Backends.PROPERTY, "prop");
        assertThat(Backends.requestedName(Optional.of("cli"), props, env)).contains("cli");
        assertThat(Backends.requestedName(Optional.empty(), props, env)).contains("prop");
        assertThat(Backends.requestedName(Optional.empty(), Map.of(), env)).contains("env");
        assertThat(Backends.requestedName(Optional.empty(), Map.of(), Map.of())).isEmpty();
        assertThat(Backends.requestedName(Optional.of(" "), Map.of(Backends.PROPERTY, " "), Map.of())).isEmpty();
    }
}
