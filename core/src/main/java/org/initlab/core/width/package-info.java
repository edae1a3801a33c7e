/**
 * Width parametrizations: how the initialization variance, a forward multiplier and the learning rate of each
 * dense layer change with the network's width. {@link org.initlab.core.width.Parametrization} names one
 * ({@code sp}, {@code ntk} after Jacot et al. 2018, {@code mup} after Yang &amp; Hu 2021, "Tensor Programs IV",
 * and Yang et al. 2022, "Tensor Programs V", as the {@code mup} package implements it) and
 * {@link org.initlab.core.width.Parametrization#apply} turns a network and an optimizer into a
 * {@link org.initlab.core.width.WidthScaling}: the network with {@link org.initlab.core.model.DenseLayer} input
 * multipliers, a multiplier of each parameter's initial values, and the per-parameter learning-rate and
 * weight-decay multipliers ({@link org.initlab.core.optim.ParameterGroups}) a backend session is opened with.
 * The tables are in {@code docs/reference/parametrizations.md}.
 *
 * <p>{@link org.initlab.core.width.CoordinateCheck} is the maximal update parametrization's coordinate check
 * (Yang et al. 2022): it trains one network per width (a {@link org.initlab.core.width.WidthModel}) for a few
 * steps and measures every layer's average coordinate size and its change since initialization
 * ({@link org.initlab.core.width.CoordinateSize}), then fits per layer the exponent of width that the change
 * follows and judges it ({@link org.initlab.core.width.WidthTrend}).
 */
package org.initlab.core.width;
