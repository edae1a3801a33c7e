package org.initlab.core.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.plugin.Discovered;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.junit.jupiter.api.Test;

/**
 * Broken plugins and mistyped rules (issue 12, items 6 and 7): providers that cannot name themselves are
 * problems, initializers that throw or recurse fail with {@link InitializerFailedException}, malformed rule
 * globs are refused and rules that match nothing are reported.
 */
class BrokenInitializersTest {
    private final InitializerRegistry builtIns = InitializerRegistry.load(getClass().getClassLoader());
    private final Network network = ModelSpec.parse("mlp:4-3-2");

    private static InitializerProvider provider(String name, Initializer initializer) {
        return new InitializerProvider() {
            @Override
            public String name() {
                if (name.equals("!throw")) {
                    throw new IllegalStateException("no name");
                }
                return name.equals("!null") ? null : name;
            }

            @Override
            public String summary() {
                return "test";
            }

            @Override
            public Initializer create(InitializerOptions options) {
                return initializer;
            }
        };
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Test
    void providersWhoseNameIsNullOrThrowsAreProblemsNamingTheirOrigin() {
        Initializer zeros = (p, v, r) -> { };
        List<Discovered.Found<InitializerProvider>> found = new ArrayList<>();
        found.add(new Discovered.Found<>(provider("!null", zeros), "/plugins/a.jar"));
        found.add(new Discovered.Found<>(provider("!throw", zeros), "/plugins/b.jar"));
        found.add(new Discovered.Found<>(provider("fine", zeros), "/plugins/c.jar"));
        InitializerRegistry registry = new InitializerRegistry(new Discovered<>(found, List.of("earlier problem")));
        assertThat(registry.providers()).extracting(InitializerProvider::name).containsExactly("fine");
        assertThat(registry.problems()).hasSize(3);
        assertThat(registry.problems().get(0)).isEqualTo("earlier problem");
        assertThat(registry.problems().get(1)).contains("from /plugins/a.jar is broken: name() returned null");
        assertThat(registry.problems().get(2))
                .contains("from /plugins/b.jar is broken: name() threw java.lang.IllegalStateException: no name");
    }

    @Test
    void anInitializerThatThrowsOrRecursesFailsWithItsSpecAndParameter() {
        NamedInitializer zeros = builtIns.resolve("zeros");
        InitializationPlan throwing = InitializationPlan.of(new NamedInitializer("boom", (p, v, r) -> {
            throw new IllegalStateException("bug");
        }), zeros);
        assertThatThrownBy(() -> throwing.materialize(network, 0)).isInstanceOf(InitializerFailedException.class)
                .hasMessage("boom failed on 0.weight [3, 4]: it threw java.lang.IllegalStateException: bug");
        InitializationPlan deep = InitializationPlan.of(new NamedInitializer("deep", (p, v, r) -> v[0] = recurse(0)),
                zeros);
        assertThatThrownBy(() -> deep.materialize(network, 0)).isInstanceOf(InitializerFailedException.class)
                .hasMessageContaining("deep failed on 0.weight").hasMessageContaining("StackOverflowError");
        // a refusal of the input stays an IllegalArgumentException
        InitializationPlan refusing = InitializationPlan.of(new NamedInitializer("picky", (p, v, r) -> {
            throw new IllegalArgumentException("needs 4-D");
        }), zeros);
        assertThatThrownBy(() -> refusing.materialize(network, 0)).isExactlyInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedRuleGlobsAreRefused() {
        for (String rule : List.of("[.weight=zeros", "0.we?ght=zeros", "0 .weight=zeros", "0/weight=zeros")) {
            assertThatThrownBy(() -> InitializationPlan.ParameterOverride.parse(rule, builtIns)).as(rule)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("bad init rule '" + rule + "': the glob ")
                    .hasMessageContaining("a glob holds letters, digits, '_', '.' and '*'");
        }
        assertThat(InitializationPlan.ParameterOverride.parse("*.running_mean=zeros", builtIns).pathGlob())
                .isEqualTo("*.running_mean");
    }

    @Test
    void rulesThatMatchNoParameterAreReported() {
        InitializationPlan plan = new InitializationPlan(builtIns.resolve("he-normal"), builtIns.resolve("zeros"),
                InitializationPlan.ParameterOverride.parseAll(List.of("0.*=ones", "4.wieght=zeros"), builtIns));
        assertThat(plan.unmatchedOverrideWarnings(network)).containsExactly("init rule '4.wieght=zeros' matches no "
                + "parameter of mlp:4-3-2 (its parameters: 0.weight, 0.bias, 2.weight, 2.bias)");
    }
}
