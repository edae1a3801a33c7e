/**
 * Comparisons of initializers: an {@link org.initlab.core.experiment.ExperimentConfig} (one network, several
 * weight initializers, several seeds) is split into independent trials
 * ({@link org.initlab.core.experiment.TrialSpec}, spec strings and numbers only), each run through the one seam
 * {@link org.initlab.core.experiment.TrialRunner} (here {@link org.initlab.core.experiment.LocalTrialRunner}),
 * ordered and resumed by a {@link org.initlab.core.experiment.ComparisonRunner}, and summarised per
 * initializer over seeds ({@link org.initlab.core.experiment.InitSummary}).
 */
package org.initlab.core.experiment;
