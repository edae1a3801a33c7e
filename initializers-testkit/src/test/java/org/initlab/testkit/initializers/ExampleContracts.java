package org.initlab.testkit.initializers;

import java.util.List;
import java.util.Optional;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.ParameterSpec;

/**
 * The kit subclassed for each of {@link ExampleProviders}, as a plugin author would write it. These classes are
 * not run by the build on their own (their names do not end in Test): {@link InitializerContractKitTest} runs
 * them through the JUnit Platform test kit and checks which tests fail.
 */
final class ExampleContracts {
    private ExampleContracts() {
    }

    /** The declarations every example shares: two specs, rank-1 refused, {@code N(0, std^2)}. */
    abstract static class NormalContract extends InitializerContractKit {
        @Override
        protected List<String> specs() {
            String name = provider().name();
            return List.of(name, name + "(std=0.5)");
        }

        @Override
        protected List<ParameterSpec> unsupportedParameters() {
            return List.of(bias(10));
        }

        @Override
        protected Optional<ContinuousDistribution> expectedDistribution(String spec, ParameterSpec parameter) {
            return Optional.of(NormalDistribution.of(0, spec.contains("0.5") ? 0.5 : 1));
        }
    }

    static final class CorrectContract extends NormalContract {
        @Override
        protected InitializerProvider provider() {
            return new ExampleProviders.Correct();
        }
    }

    static final class IgnoresTheSeedContract extends NormalContract {
        @Override
        protected InitializerProvider provider() {
            return new ExampleProviders.IgnoresTheSeed();
        }
    }

    static final class LeavesAnElementUnwrittenContract extends NormalContract {
        @Override
        protected InitializerProvider provider() {
            return new ExampleProviders.LeavesAnElementUnwritten();
        }
    }

    static final class WrongStdContract extends NormalContract {
        @Override
        protected InitializerProvider provider() {
            return new ExampleProviders.WrongStd();
        }
    }

    /** The correct provider, but the contract claims an unsupported shape it accepts. */
    static final class ClaimsARefusalContract extends NormalContract {
        @Override
        protected InitializerProvider provider() {
            return new ExampleProviders.Correct();
        }

        @Override
        protected List<ParameterSpec> unsupportedParameters() {
            return List.of(weight(4, 4));
        }
    }

    /** The structure-aware declarations: one spec, rank-1 refused, {@code N(0, 1)} outside the gates. */
    abstract static class GatedContract extends InitializerContractKit {
        @Override
        protected List<ParameterSpec> unsupportedParameters() {
            return List.of(bias(10));
        }

        @Override
        protected Optional<ContinuousDistribution> expectedDistribution(String spec, ParameterSpec parameter) {
            return Optional.of(NormalDistribution.of(0, 1));
        }
    }

    static final class GatedCorrectContract extends GatedContract {
        @Override
        protected InitializerProvider provider() {
            return new ExampleProviders.GatedCorrect();
        }
    }

    static final class GatedAcceptsAnyContract extends GatedContract {
        @Override
        protected InitializerProvider provider() {
            return new ExampleProviders.GatedAcceptsAny();
        }
    }
}
