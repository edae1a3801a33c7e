/**
 * Comparisons of initializers: an {@link org.initlab.core.experiment.ExperimentConfig} (one network, several
 * weight initializers, several seeds), run trial by trial by a
 * {@link org.initlab.core.experiment.ComparisonRunner}, summarised per initializer over seeds
 * ({@link org.initlab.core.experiment.InitSummary}).
 */
package org.initlab.core.experiment;
