/**
 * Width scaling: how a network's activations and their updates change as its hidden layers get wider.
 * {@link org.initlab.core.width.CoordinateCheck} is the maximal update parametrization's coordinate check
 * (Yang et al. 2022, "Tensor Programs V"): it trains one network per width (a
 * {@link org.initlab.core.width.WidthModel}) for a few steps and measures every layer's average coordinate size
 * and its change since initialization ({@link org.initlab.core.width.CoordinateSize}), then fits per layer the
 * exponent of width that the change follows and judges it ({@link org.initlab.core.width.WidthTrend}).
 */
package org.initlab.core.width;
