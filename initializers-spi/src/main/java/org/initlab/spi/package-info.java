/**
 * The plugin contract of initlab: what an {@link org.initlab.spi.Initializer} is told about the parameter it
 * fills ({@link org.initlab.spi.ParameterSpec}), where its randomness comes from
 * ({@link org.initlab.spi.SeededRandom}), how it is discovered ({@link org.initlab.spi.InitializerProvider}
 * through {@link java.util.ServiceLoader}) and configured from a spec string such as
 * {@code he-uniform(a=0.1, mode=fan_out, nonlinearity=leaky_relu)} (bound into typed, checked
 * {@link org.initlab.spi.InitializerOptions}), plus the fan and gain tables that PyTorch's
 * {@code torch.nn.init} defines ({@link org.initlab.spi.Fans}, {@link org.initlab.spi.Gain}).
 *
 * <p>This package depends on nothing but the JDK so that a plugin jar needs nothing else on its classpath.
 */
package org.initlab.spi;
