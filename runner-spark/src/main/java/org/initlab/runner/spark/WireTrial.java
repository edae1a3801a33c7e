package org.initlab.runner.spark;

import java.io.Serializable;
import java.util.ArrayList;
import org.initlab.core.experiment.TrialSpec;

/**
 * A {@link TrialSpec} as it travels to an executor: Java-serializable, with its position in the batch.
 *
 * @param index     the trial's position in the batch (the Spark partition)
 * @param model     {@link TrialSpec#model()}
 * @param weightInit {@link TrialSpec#weightInit()}
 * @param biasInit  {@link TrialSpec#biasInit()}
 * @param rules     {@link TrialSpec#rules()}
 * @param seed      {@link TrialSpec#seed()}
 * @param epochs    {@link TrialSpec#epochs()}
 * @param batchSize {@link TrialSpec#batchSize()}
 * @param optimizer {@link TrialSpec#optimizer()}
 * @param backend   {@link TrialSpec#backend()}
 * @param parametrization {@link TrialSpec#parametrization()}
 */
record WireTrial(int index, String model, String weightInit, String biasInit, ArrayList<String> rules, long seed,
                 int epochs, int batchSize, String optimizer, String backend, String parametrization)
        implements Serializable {
    private static final long serialVersionUID = 2L;

    static WireTrial of(int index, TrialSpec s) {
        return new WireTrial(index, s.model(), s.weightInit(), s.biasInit(), new ArrayList<>(s.rules()), s.seed(),
                s.epochs(), s.batchSize(), s.optimizer(), s.backend(), s.parametrization());
    }

    TrialSpec spec() {
        return new TrialSpec(model, weightInit, biasInit, rules, seed, epochs, batchSize, optimizer, backend,
                parametrization);
    }
}
