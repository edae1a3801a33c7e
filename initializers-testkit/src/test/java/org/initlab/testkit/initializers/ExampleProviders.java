package org.initlab.testkit.initializers;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;

/**
 * Providers the kit is run against in {@link InitializerContractKitTest}: one that keeps the contract and three
 * that each break one rule; a structure-aware one that keeps it and one that accepts any network. All are listed in this module's test {@code META-INF/services}, so that only the
 * broken rule fails.
 */
final class ExampleProviders {
    private ExampleProviders() {
    }

    /** {@code N(0, std^2)} with {@code std} an option, rank 2 and up; keeps the contract. */
    abstract static class NormalLike implements InitializerProvider {
        private final String name;

        NormalLike(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String summary() {
            return "N(0, std^2), a kit example";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(OptionSpec.number("std", 1, "the standard deviation"));
        }

        @Override
        public Initializer create(InitializerOptions options) {
            double std = options.number("std");
            return new Initializer() {
                @Override
                public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
                    if (parameter.shape().rank() < 2) {
                        throw new IllegalArgumentException(name + " needs a tensor with at least 2 dimensions, got "
                                + "shape " + parameter.shape());
                    }
                    Initializer.checkLength(parameter, values);
                    fill(values, std, random);
                }

                @Override
                public OptionalDouble expectedStd(ParameterSpec parameter) {
                    return OptionalDouble.of(std);
                }

                @Override
                public String toString() {
                    return std == 1 ? name : name + "(std=" + std + ")";
                }
            };
        }

        /** Writes the values; the broken examples get this wrong. */
        abstract void fill(float[] values, double std, SeededRandom random);
    }

    /** Keeps the contract. */
    public static final class Correct extends NormalLike {
        public Correct() {
            super("kit-correct");
        }

        @Override
        void fill(float[] values, double std, SeededRandom random) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (std * random.nextGaussian());
            }
        }
    }

    /** Draws from a generator of its own with a fixed seed: deterministic, but blind to the seed it is given. */
    public static final class IgnoresTheSeed extends NormalLike {
        public IgnoresTheSeed() {
            super("kit-ignores-seed");
        }

        @Override
        void fill(float[] values, double std, SeededRandom random) {
            Random own = new Random(7);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (std * own.nextGaussian());
            }
        }
    }

    /** Stops one element short. */
    public static final class LeavesAnElementUnwritten extends NormalLike {
        public LeavesAnElementUnwritten() {
            super("kit-leaves-element");
        }

        @Override
        void fill(float[] values, double std, SeededRandom random) {
            for (int i = 0; i < values.length - 1; i++) {
                values[i] = (float) (std * random.nextGaussian());
            }
        }
    }

    /** Draws twice the variance it states. */
    public static final class WrongStd extends NormalLike {
        public WrongStd() {
            super("kit-wrong-std");
        }

        @Override
        void fill(float[] values, double std, SeededRandom random) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (Math.sqrt(2) * std * random.nextGaussian());
            }
        }
    }

    /**
     * Structure-aware: residual gates 0, everything else {@code N(0, 1)} (rank 2 and up); refuses a network
     * without residual blocks unless {@code acceptsAny}.
     */
    abstract static class GatedNormal implements InitializerProvider {
        private final String name;
        private final boolean acceptsAny;

        GatedNormal(String name, boolean acceptsAny) {
            this.name = name;
            this.acceptsAny = acceptsAny;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String summary() {
            return "residual gates 0, N(0, 1) elsewhere, a kit example";
        }

        @Override
        public Initializer create(InitializerOptions options) {
            return new StructureAwareInitializer() {
                @Override
                public void checkNetwork(List<ParameterSpec> parameters) {
                    boolean residual = parameters.stream()
                            .anyMatch(p -> p.placement().map(Placement::residualNetwork).orElse(false));
                    if (!residual && !acceptsAny) {
                        throw new IllegalArgumentException(name + " needs a network with residual blocks");
                    }
                }

                @Override
                public boolean claims(ParameterSpec parameter) {
                    return parameter.placement().map(p -> p.region() == Placement.Region.GATE).orElse(false);
                }

                @Override
                public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
                    Initializer.checkLength(parameter, values);
                    if (claims(parameter)) {
                        Arrays.fill(values, 0f);
                        return;
                    }
                    if (parameter.shape().rank() < 2) {
                        throw new IllegalArgumentException(name + " needs a tensor with at least 2 dimensions, got "
                                + "shape " + parameter.shape());
                    }
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) random.nextGaussian();
                    }
                }

                @Override
                public OptionalDouble expectedStd(ParameterSpec parameter) {
                    return OptionalDouble.of(claims(parameter) ? 0 : 1);
                }

                @Override
                public String toString() {
                    return name;
                }
            };
        }
    }

    /** Keeps the contract, structure-aware. */
    public static final class GatedCorrect extends GatedNormal {
        public GatedCorrect() {
            super("kit-gated", false);
        }
    }

    /** Structure-aware, but accepts a network without residual blocks. */
    public static final class GatedAcceptsAny extends GatedNormal {
        public GatedAcceptsAny() {
            super("kit-gated-any", true);
        }
    }
}
