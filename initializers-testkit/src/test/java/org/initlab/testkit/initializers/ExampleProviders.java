package org.initlab.testkit.initializers;

import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Providers the kit is run against in {@link InitializerContractKitTest}: one that keeps the contract and three
 * that each break one rule. All are listed in this module's test {@code META-INF/services}, so that only the
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
}
