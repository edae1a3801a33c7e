/**
 * initlab's built-in initializer catalogue, with the exact semantics of PyTorch's {@code torch.nn.init}:
 * {@code zeros}, {@code ones}, {@code constant}, {@code uniform}, {@code normal}, Glorot and Bengio (2010)
 * {@code xavier-uniform} / {@code xavier-normal}, He et al. (2015) {@code he-uniform} / {@code he-normal} and
 * LeCun et al. (1998) {@code lecun-uniform} / {@code lecun-normal}. Each initializer is an immutable record
 * implementing {@link org.initlab.spi.Initializer} (usable directly, e.g. {@code new HeNormalInitializer()})
 * and is published by one {@link org.initlab.spi.InitializerProvider} listed in
 * {@code META-INF/services/org.initlab.spi.InitializerProvider}.
 *
 * <p>Common rules: fans are those of the tensor itself ({@link org.initlab.spi.ParameterSpec#fans()}, PyTorch
 * layout); fan-based initializers reject tensors with fewer than 2 dimensions and leave zero-element tensors
 * untouched; values are computed in {@code double} and stored as {@code float}, drawn in row-major order with
 * one {@code nextDouble()} (uniform) or one {@code nextGaussian()} (normal) per element; every initializer
 * knows its {@link org.initlab.spi.Initializer#expectedStd closed-form standard deviation}, and its
 * {@code toString()} is its canonical spec (the options that differ from their defaults).
 */
package org.initlab.initializers;
