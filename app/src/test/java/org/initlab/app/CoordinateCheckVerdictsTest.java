package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.Backends;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.width.CoordinateCheck;
import org.initlab.core.width.CoordinateCheckResult;
import org.initlab.core.width.CoordinateCheckSettings;
import org.initlab.core.width.Parametrization;
import org.initlab.core.width.WidthModel;
import org.initlab.core.width.WidthScaling;
import org.initlab.core.width.WidthTrend;
import org.junit.jupiter.api.Test;

/**
 * The coordinate check on real training (native backend, 1,024 bundled digits, widths 32 to 512): under the
 * standard parametrization with Adam the logits' change grows with width, under muP it does not.
 */
class CoordinateCheckVerdictsTest {
    private static final OptimizerSpec ADAM = OptimizerSpec.parse("adam(lr=0.01)");
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
    private final Dataset train = BundledMnist.train().head(1024);
    private final Dataset probe = BundledMnist.test().head(128);

    private CoordinateCheckResult check(String parametrization) {
        InitializationPlan plan = InitializationPlan.of(registry.resolve("he-normal"), registry.resolve("zeros"));
        Parametrization p = Parametrization.parse(parametrization);
        List<WidthModel> models = new ArrayList<>();
        for (int w : new int[] {32, 64, 128, 256, 512}) {
            Network network = ModelSpec.parse("mlp:784-" + w + "-" + w + "-10:relu");
            WidthScaling scaling = p.apply(network, ADAM);
            models.add(new WidthModel(w, scaling.network(),
                    seed -> scaling.scaleInitial(plan.materialize(scaling.network(), seed)), scaling.groups()));
        }
        try (Backend backend = Backends.choose(Optional.of("native"), Backends.discover(getClass().getClassLoader()))
                .create(new BackendOptions(1))) {
            return CoordinateCheck.run(models, new CoordinateCheckSettings(ADAM, 3, 3, 32), backend, train, probe);
        }
    }

    @Test
    void standardParametrizationWithAdamGrowsTheLogitsWithWidth() {
        CoordinateCheckResult result = check("sp");
        WidthTrend logits = result.trends().get(result.trends().size() - 1);
        assertThat(logits.layer().label()).isEqualTo("4 dense");
        assertThat(logits.verdict()).isEqualTo(WidthTrend.Verdict.GROWS);
        assertThat(logits.exponent()).isGreaterThan(0.5);
    }

    @Test
    void maximalUpdateParametrizationWithAdamKeepsEveryLayerStable() {
        CoordinateCheckResult result = check("mup(base_width=32)");
        assertThat(result.trends()).allSatisfy(t -> assertThat(t.verdict()).as(t.layer().label() + " " + t.exponent())
                .isEqualTo(WidthTrend.Verdict.STABLE));
    }
}
