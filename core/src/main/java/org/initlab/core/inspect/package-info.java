/**
 * Diagnostics at initialization, without a backend: {@link org.initlab.core.inspect.Inspector} materializes a
 * plan, runs one forward and one backward pass of a batch on the host and reports per weighted layer (dense or
 * convolution, with what follows it up to the next one: batch normalization, activation, pooling)
 * ({@link org.initlab.core.inspect.LayerStatistics}) the pre-activation and activation statistics, saturated
 * and dead units, weight scale against the initializer's theory, gradient scales, the layer-to-layer ratio of
 * pre-activation second moments next to the mean-field prediction
 * ({@link org.initlab.core.inspect.VarianceTheory}) and units that can never become different; then a verdict
 * in plain words and the initializer the activation calls for ({@link org.initlab.core.inspect.Verdicts}), with
 * the exact variance-preserving gains and the mean-field phase of {@link org.initlab.core.inspect.MeanField}.
 * {@link org.initlab.core.inspect.ProbeBatches} makes the seeded batches that diagnostics and data-dependent
 * initializers look at.
 */
package org.initlab.core.inspect;
