package org.initlab.core.optim;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.internal.OptionBinding;
import org.initlab.spi.internal.SpecString;

/**
 * An optimizer and its hyper-parameters, with PyTorch's update rules ({@code torch.optim.SGD},
 * {@code torch.optim.Adam}). Every backend implements exactly these rules, so a run means the same thing on
 * every backend.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public sealed interface OptimizerSpec permits OptimizerSpec.Sgd, OptimizerSpec.Adam {

    /** @return the learning rate */
    double learningRate();

    /** @return the canonical spec text, e.g. {@code sgd(lr=0.01, momentum=0.9)} */
    String spec();

    /**
     * @return the number of warm-up steps {@code N}, {@code >= 0}: the learning rate of optimizer step
     *         {@code t = 1, 2, ...} is {@code lr * min(1, t / N)}; 0 for none
     */
    int warmup();

    /**
     * The factor of the learning rate at one optimizer step, {@code min(1, t / N)} in double (1 without warm-up):
     * PyTorch's {@code LambdaLR(opt, lambda s: min(1.0, (s + 1) / N))} stepped after every optimizer step, so
     * that step {@code t} runs with {@code s = t - 1}.
     *
     * @param step the optimizer step {@code t}, from 1
     * @return the factor, in {@code (0, 1]}
     */
    default double learningRateFactor(int step) {
        return warmupFactor(warmup(), step);
    }

    /**
     * {@code min(1, t / N)}, or 1 when {@code N = 0}: the warm-up factor written once for every backend.
     *
     * @param warmup the warm-up steps {@code N}
     * @param step   the optimizer step {@code t}, from 1
     * @return the factor
     */
    static double warmupFactor(int warmup, int step) {
        return warmup == 0 ? 1.0 : Math.min(1.0, (double) step / warmup);
    }

    /**
     * Parses {@code sgd(lr=0.01, momentum=0.9, nesterov=false, weight_decay=0, warmup=0)} or
     * {@code adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0, warmup=0)}.
     *
     * @param text the spec
     * @return the optimizer
     * @throws IllegalArgumentException for an unknown optimizer or a bad option
     */
    static OptimizerSpec parse(String text) {
        SpecString spec = SpecString.parse(text);
        switch (spec.name()) {
            case "sgd" -> {
                InitializerOptions o = InitializerOptions.of("sgd", Sgd.OPTIONS,
                        OptionBinding.named("sgd", names(Sgd.OPTIONS), spec.arguments()));
                return new Sgd(o.number("lr"), o.number("momentum"), o.bool("nesterov"), o.number("weight_decay"),
                        warmupSteps("sgd", o.integer("warmup")));
            }
            case "adam" -> {
                InitializerOptions o = InitializerOptions.of("adam", Adam.OPTIONS,
                        OptionBinding.named("adam", names(Adam.OPTIONS), spec.arguments()));
                return new Adam(o.number("lr"), o.number("beta1"), o.number("beta2"), o.number("eps"),
                        o.number("weight_decay"), warmupSteps("adam", o.integer("warmup")));
            }
            default -> throw new IllegalArgumentException("unknown optimizer '" + spec.name()
                    + "' (known: sgd, adam)");
        }
    }

    /**
     * Stochastic gradient descent with PyTorch's momentum: {@code g = grad + wd p}; {@code b = g} on the first
     * step, else {@code b = mu b + g}; {@code g = g + mu b} with Nesterov, else {@code g = b};
     * {@code p = p - lr g}.
     *
     * @param learningRate learning rate, {@code > 0}
     * @param momentum     momentum factor in {@code [0, 1)}
     * @param nesterov     Nesterov momentum (needs momentum {@code > 0})
     * @param weightDecay  L2 penalty, {@code >= 0}
     * @param warmup       linear learning-rate warm-up steps, {@code >= 0} (see {@link #learningRateFactor(int)})
     */
    record Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay, int warmup)
            implements OptimizerSpec {
        static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.number("lr", 0.01, "learning rate"),
                OptionSpec.number("momentum", 0, "momentum factor"),
                OptionSpec.bool("nesterov", false, "Nesterov momentum"),
                OptionSpec.number("weight_decay", 0, "L2 penalty"),
                OptionSpec.integer("warmup", 0, "linear learning-rate warm-up steps"));

        /**
         * Without warm-up.
         *
         * @param learningRate learning rate, {@code > 0}
         * @param momentum     momentum factor in {@code [0, 1)}
         * @param nesterov     Nesterov momentum (needs momentum {@code > 0})
         * @param weightDecay  L2 penalty, {@code >= 0}
         */
        public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
            this(learningRate, momentum, nesterov, weightDecay, 0);
        }

        /** Validates the hyper-parameters. */
        public Sgd {
            positive("sgd", "lr", learningRate);
            if (momentum < 0 || momentum >= 1) {
                throw new IllegalArgumentException("option 'momentum' of sgd must be in [0, 1), got " + momentum);
            }
            if (nesterov && momentum == 0) {
                throw new IllegalArgumentException("sgd with nesterov=true needs momentum > 0");
            }
            nonNegative("sgd", "weight_decay", weightDecay);
            warmupSteps("sgd", warmup);
        }

        @Override
        public String spec() {
            StringBuilder sb = new StringBuilder("sgd(lr=").append(fmt(learningRate));
            if (momentum != 0) {
                sb.append(", momentum=").append(fmt(momentum));
            }
            if (nesterov) {
                sb.append(", nesterov=true");
            }
            if (weightDecay != 0) {
                sb.append(", weight_decay=").append(fmt(weightDecay));
            }
            if (warmup > 0) {
                sb.append(", warmup=").append(warmup);
            }
            return sb.append(')').toString();
        }
    }

    /**
     * Adam (Kingma and Ba 2015) exactly as {@code torch.optim.Adam} with {@code amsgrad=False}:
     * {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
     * {@code p = p - lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}; weight decay is L2 added to the gradient.
     *
     * @param learningRate learning rate, {@code > 0}
     * @param beta1        first-moment decay in {@code [0, 1)}
     * @param beta2        second-moment decay in {@code [0, 1)}
     * @param epsilon      denominator term, {@code > 0}
     * @param weightDecay  L2 penalty, {@code >= 0}
     * @param warmup       linear learning-rate warm-up steps, {@code >= 0} (see {@link #learningRateFactor(int)})
     */
    record Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, int warmup)
            implements OptimizerSpec {
        static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.number("lr", 0.001, "learning rate"),
                OptionSpec.number("beta1", 0.9, "first-moment decay"),
                OptionSpec.number("beta2", 0.999, "second-moment decay"),
                OptionSpec.number("eps", 1e-8, "denominator term"),
                OptionSpec.number("weight_decay", 0, "L2 penalty"),
                OptionSpec.integer("warmup", 0, "linear learning-rate warm-up steps"));

        /**
         * Without warm-up.
         *
         * @param learningRate learning rate, {@code > 0}
         * @param beta1        first-moment decay in {@code [0, 1)}
         * @param beta2        second-moment decay in {@code [0, 1)}
         * @param epsilon      denominator term, {@code > 0}
         * @param weightDecay  L2 penalty, {@code >= 0}
         */
        public Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
            this(learningRate, beta1, beta2, epsilon, weightDecay, 0);
        }

        /** Validates the hyper-parameters. */
        public Adam {
            positive("adam", "lr", learningRate);
            if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
                throw new IllegalArgumentException("options 'beta1' and 'beta2' of adam must be in [0, 1), got "
                        + beta1 + " and " + beta2);
            }
            positive("adam", "eps", epsilon);
            nonNegative("adam", "weight_decay", weightDecay);
            warmupSteps("adam", warmup);
        }

        @Override
        public String spec() {
            StringBuilder sb = new StringBuilder("adam(lr=").append(fmt(learningRate));
            if (beta1 != 0.9) {
                sb.append(", beta1=").append(fmt(beta1));
            }
            if (beta2 != 0.999) {
                sb.append(", beta2=").append(fmt(beta2));
            }
            if (epsilon != 1e-8) {
                sb.append(", eps=").append(fmt(epsilon));
            }
            if (weightDecay != 0) {
                sb.append(", weight_decay=").append(fmt(weightDecay));
            }
            if (warmup > 0) {
                sb.append(", warmup=").append(warmup);
            }
            return sb.append(')').toString();
        }
    }

    private static List<String> names(List<OptionSpec> declared) {
        return declared.stream().map(OptionSpec::name).toList();
    }

    private static int warmupSteps(String optimizer, long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("option 'warmup' of " + optimizer + " must be >= 0, got " + steps);
        }
        if (steps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("option 'warmup' of " + optimizer + " must be at most "
                    + Integer.MAX_VALUE + ", got " + steps);
        }
        return (int) steps;
    }

    private static void positive(String optimizer, String option, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("option '" + option + "' of " + optimizer + " must be > 0, got "
                    + value);
        }
    }

    private static void nonNegative(String optimizer, String option, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("option '" + option + "' of " + optimizer + " must be >= 0, got "
                    + value);
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
