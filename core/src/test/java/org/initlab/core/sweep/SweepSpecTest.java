package org.initlab.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.initlab.core.experiment.TrialSpec;
import org.junit.jupiter.api.Test;

class SweepSpecTest {

    private static Grid grid(Object... nameValues) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) nameValues[i + 1];
            axes.put((String) nameValues[i], values);
        }
        return new Grid(axes);
    }

    private static SweepSpec sweep(String model, String init, Grid grid, int seeds) {
        return new SweepSpec(model, init, "normal(std=0.05)", List.of(), "sgd(lr=0.01)", "1", "64", seeds, 0, grid);
    }

    @Test
    void cartesianProductVariesTheLastAxisFastest() {
        Grid g = grid("depth", List.of("2", "4"), "sw", List.of("0.5", "1", "2"));

        assertThat(g.size()).isEqualTo(6);
        assertThat(g.points()).extracting(GridPoint::label).containsExactly("depth=2 sw=0.5", "depth=2 sw=1",
                "depth=2 sw=2", "depth=4 sw=0.5", "depth=4 sw=1", "depth=4 sw=2");
        assertThat(g.points()).extracting(GridPoint::index).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void aGridWithoutAxesHasOneEmptyPoint() {
        assertThat(new Grid(Map.of()).points()).singleElement().satisfies(p -> assertThat(p.values()).isEmpty());
    }

    @Test
    void placeholdersAreReplacedAsPlainTextInEverySettingAndSeedsMultiply() {
        Grid g = grid("width", List.of("32"), "depth", List.of("2", "3"), "sw", List.of("0.5", "1.5"),
                "lr", List.of("0.1"), "ep", List.of("2"));
        SweepSpec s = new SweepSpec("mlp:784-{width}x{depth}-10:tanh", "scaled-normal(sigma_w={sw})",
                "normal(std=0.05)", List.of("*.bias=constant({lr})"), "sgd(lr={lr})", "{ep}", "16", 2, 7, g);

        List<SweepTrial> trials = s.trials("native", SweepSpec.DEFAULT_MAX_TRIALS);

        assertThat(trials).hasSize(8);
        TrialSpec first = trials.get(0).spec();
        assertThat(first).isEqualTo(new TrialSpec("mlp:784-32x2-10:tanh", "scaled-normal(sigma_w=0.5)",
                "normal(std=0.05)", List.of("*.bias=constant(0.1)"), 7, 2, 16, "sgd(lr=0.1)", "native"));
        assertThat(trials.get(1).spec().seed()).isEqualTo(8);
        assertThat(trials.get(7).spec().model()).isEqualTo("mlp:784-32x3-10:tanh");
        assertThat(trials.get(7).spec().weightInit()).isEqualTo("scaled-normal(sigma_w=1.5)");
        assertThat(trials.get(7).point().values()).containsExactly(Map.entry("width", "32"), Map.entry("depth", "3"),
                Map.entry("sw", "1.5"), Map.entry("lr", "0.1"), Map.entry("ep", "2"));
    }

    @Test
    void bracesAroundNonNamesStayAsTheyAre() {
        GridPoint p = new GridPoint(0, Map.of("a", "1"));

        assertThat(p.substitute("init", "x{a}y{ not a name }{}")).isEqualTo("x1y{ not a name }{}");
    }

    @Test
    void anUnknownPlaceholderIsRefusedNamingTheFieldAndTheAxes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> sweep("mlp:784-{width}-10:tanh", "scaled-normal(sigma_w={sw})",
                        grid("sw", List.of("1")), 1))
                .withMessage("model 'mlp:784-{width}-10:tanh': placeholder {width} names no grid axis (axes: sw)");
    }

    @Test
    void anEmptyListIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> grid("depth", List.of()))
                .withMessage("grid axis 'depth' has no values; give at least one, e.g. depth: [1, 2]");
    }

    @Test
    void malformedGridsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> grid("2x", List.of("1")))
                .withMessageStartingWith("grid axis '2x' is not a name");
        assertThatIllegalArgumentException().isThrownBy(() -> grid("a", List.of("1", "1")))
                .withMessage("grid axis 'a' lists '1' twice");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> sweep("mlp:784-10:tanh", "he-normal", grid("unused", List.of("1")), 1))
                .withMessageStartingWith("grid axis 'unused' is used by no setting");
        SweepSpec badEpochs = new SweepSpec("mlp:784-10:tanh", "he-normal", "zeros", List.of(), "sgd(lr=0.1)",
                "{e}", "64", 1, 0, grid("e", List.of("1", "two")));
        assertThatIllegalArgumentException().isThrownBy(() -> badEpochs.trials("native", 10))
                .withMessage("epochs must be a whole number >= 1, got 'two' at grid point e=two");
        SweepSpec same = sweep("mlp:784-10:tanh", "normal(std={s})", grid("s", List.of("1", "1 ")), 1);
        assertThat(same.trials("native", 10)).hasSize(2);
    }

    @Test
    void moreThanTheLimitIsRefusedUnlessTheLimitIsRaised() {
        List<String> hundred = java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString).toList();
        SweepSpec s = new SweepSpec("mlp:784-{a}-10:tanh", "normal(std=0.{b})", "zeros", List.of(), "sgd(lr=0.{c})",
                "1", "64", 1, 0, grid("a", hundred, "b", hundred, "c", List.of("1", "2", "3", "4", "5", "6", "7",
                "8", "9", "10", "11")));

        assertThat(s.trialCount()).isEqualTo(110_000);
        assertThatIllegalArgumentException().isThrownBy(() -> s.trials("native", SweepSpec.DEFAULT_MAX_TRIALS))
                .withMessage("the sweep has 110000 trials (110000 grid points x 1 seed), more than the limit of "
                        + "100000; raise --max-trials to run it");
        assertThat(s.trials("native", 110_000)).hasSize(110_000);
    }

    @Test
    void anOverflowingGridIsRefusedWithoutExpanding() {
        List<String> ten = java.util.stream.IntStream.range(0, 10).mapToObj(Integer::toString).toList();
        Map<String, List<String>> axes = new LinkedHashMap<>();
        StringBuilder model = new StringBuilder("mlp:784");
        for (int i = 0; i < 20; i++) {
            axes.put("a" + i, ten);
            model.append("-{a").append(i).append('}');
        }
        SweepSpec s = sweep(model + "-10:tanh", "he-normal", new Grid(axes), 3);

        assertThat(s.trialCount()).isEqualTo(Long.MAX_VALUE);
        assertThatIllegalArgumentException().isThrownBy(() -> s.trials("native", Long.MAX_VALUE - 1))
                .withMessageStartingWith("the sweep has too many trials");
    }

    @Test
    void twoPointsThatSubstituteToTheSameTrialAreRefused() {
        SweepSpec s = new SweepSpec("mlp:784-10:tanh", "normal(std=0.{a}{b})", "zeros", List.of(), "sgd(lr=0.1)",
                "1", "64", 1, 0, grid("a", List.of("1", "12"), "b", List.of("21", "1")));

        assertThatIllegalArgumentException().isThrownBy(() -> s.trials("native", 10))
                .withMessage("grid point a=12 b=1 gives the same trial as an earlier point (mlp:784-10:tanh, "
                        + "normal(std=0.121), seed 0): two values of an axis substitute to the same text");
    }

    @Test
    void theParametrizationIsATemplateAndEachTrialGetsItsCanonicalSpec() {
        SweepSpec s = new SweepSpec("mlp:784-{w}-10", "he-normal", "zeros", List.of(), "sgd", "1", "16", 1, 0,
                grid("p", List.of("sp", "ntk", "mup"), "w", List.of("64")), "{p}(base_width=64)");

        assertThat(s.trials("native", SweepSpec.DEFAULT_MAX_TRIALS)).extracting(t -> t.spec().parametrization())
                .containsExactly("sp", "ntk(base_width=64)", "mup(base_width=64)");
        SweepSpec bad = new SweepSpec("mlp:784-{w}-10", "he-normal", "zeros", List.of(), "sgd", "1", "16", 1, 0,
                grid("p", List.of("sp", "mu"), "w", List.of("64")), "{p}");
        assertThatIllegalArgumentException().isThrownBy(() -> bad.trials("native", SweepSpec.DEFAULT_MAX_TRIALS))
                .withMessageStartingWith("unknown parametrization 'mu' (known: sp, ntk, mup)")
                .withMessageEndingWith(" at grid point p=mu w=64");
    }

    @Test
    void aSweepWithoutAParametrizationIsStandard() {
        assertThat(sweep("mlp:784-{w}-10", "he-normal", grid("w", List.of("8")), 1)
                .trials("native", SweepSpec.DEFAULT_MAX_TRIALS).get(0).spec().parametrization()).isEqualTo("sp");
    }
}
