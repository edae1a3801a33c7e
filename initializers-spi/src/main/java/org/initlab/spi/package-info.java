/**
 * The plugin contract of initlab: what an {@link org.initlab.spi.Initializer} is told about the parameter it
 * fills ({@link org.initlab.spi.ParameterSpec}), where its randomness comes from
 * ({@link org.initlab.spi.SeededRandom}), how it is discovered ({@link org.initlab.spi.InitializerProvider}
 * through {@link java.util.ServiceLoader}) and configured from a spec string such as
 * {@code he-uniform(a=0.1, mode=fan_out, nonlinearity=leaky_relu)} (bound into typed, checked
 * {@link org.initlab.spi.InitializerOptions}), plus the fan and gain tables that PyTorch's
 * {@code torch.nn.init} defines ({@link org.initlab.spi.Fans}, {@link org.initlab.spi.Gain}).
 *
 * <p>At run time this package needs nothing but the JDK, so that a plugin jar needs nothing else on its
 * classpath; its {@code @API(status = ...)} markers (apiguardian) are class-retention annotations, needed only
 * to compile. What a plugin may rely on is {@code STABLE}; {@code org.initlab.spi.internal} is not for plugins.
 */
package org.initlab.spi;
