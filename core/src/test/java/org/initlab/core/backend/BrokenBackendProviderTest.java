package org.initlab.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.initlab.core.plugin.Discovered;
import org.junit.jupiter.api.Test;

/** A backend provider that cannot name itself is a problem line, not a failure of every command (issue 12). */
class BrokenBackendProviderTest {
    private static BackendProvider provider(String name) {
        return new BackendProvider() {
            @Override
            public String name() {
                if (name.equals("!throw")) {
                    throw new IllegalStateException("no name");
                }
                return name.equals("!null") ? null : name;
            }

            @Override
            public int rank() {
                return 1;
            }

            @Override
            public Availability availability() {
                return Availability.unavailable("test");
            }

            @Override
            public Backend create(BackendOptions options) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void brokenProvidersMoveToTheProblemsNamingTheirJar() {
        Discovered<BackendProvider> discovered = new Discovered<>(List.of(
                new Discovered.Found<>(provider("!null"), "/plugins/a.jar"),
                new Discovered.Found<>(provider("!throw"), "/plugins/b.jar"),
                new Discovered.Found<>(provider("ok"), "/plugins/c.jar")), List.of());
        Discovered<BackendProvider> usable = discovered.withoutBroken("BackendProvider", Backends::brokenDescription);
        assertThat(usable.providers()).extracting(BackendProvider::name).containsExactly("ok");
        assertThat(usable.problems()).hasSize(2);
        assertThat(usable.problems().get(0)).startsWith("BackendProvider ").endsWith(
                " from /plugins/a.jar is broken: name() returned null");
        assertThat(usable.problems().get(1)).contains(" from /plugins/b.jar is broken: name() threw "
                + "java.lang.IllegalStateException: no name");
        assertThat(Backends.sorted(usable.providers())).hasSize(1);
    }
}
