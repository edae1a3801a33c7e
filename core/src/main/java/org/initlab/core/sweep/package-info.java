/**
 * Sweeps: a {@link org.initlab.core.sweep.SweepSpec} holds the settings of a trial as text templates with
 * {@code {name}} placeholders and a {@link org.initlab.core.sweep.Grid} of named axes; its Cartesian product
 * ({@link org.initlab.core.sweep.GridPoint}s, placeholders replaced by plain text substitution) times its seeds
 * gives ordinary {@link org.initlab.core.experiment.TrialSpec}s ({@link org.initlab.core.sweep.SweepTrial}),
 * which any {@link org.initlab.core.experiment.BatchTrialRunner} runs. Plain Java, no engine.
 */
package org.initlab.core.sweep;
