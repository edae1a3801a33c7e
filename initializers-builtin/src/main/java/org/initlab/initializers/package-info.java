/**
 * initlab's built-in initializer catalogue, with the exact semantics of PyTorch's {@code torch.nn.init} unless a
 * name says otherwise: {@code zeros}, {@code ones}, {@code constant}, {@code uniform}, {@code normal},
 * {@code trunc-normal}, Glorot and Bengio (2010) {@code xavier-uniform} / {@code xavier-normal}, He et al.
 * (2015) {@code he-uniform} / {@code he-normal}, LeCun et al. (1998) {@code lecun-uniform} /
 * {@code lecun-normal}, Keras' {@code variance-scaling}, Saxe et al. (2014) {@code orthogonal},
 * {@code identity}, {@code dirac}, Xiao et al. (2018) {@code delta-orthogonal}, Martens (2010) {@code sparse},
 * Zhao et al. (2022) {@code zero-init}, the framework presets {@code pytorch-default}, {@code keras-default}
 * and {@code djl-default}, {@code pretrained} (parameters loaded from a safetensors or NumPy file), and the
 * structure-aware {@code fixup}, {@code skipinit}, {@code rezero}, {@code zero-gamma} and
 * {@code residual-scaled}, which read each parameter's {@link org.initlab.spi.Placement} in a residual network, and
 * the transformer ones {@code gpt2}, {@code bert}, {@code t-fixup}, {@code deepnorm} and {@code small-embedding},
 * which also recognise {@code nn.TransformerEncoderLayer}'s parameter names ({@code pytorch-default} does too, for
 * {@code nn.MultiheadAttention}'s own initialization). Each
 * initializer is an immutable record implementing {@link org.initlab.spi.Initializer} (usable directly, e.g.
 * {@code new HeNormalInitializer()}; {@code pretrained} is a class because it caches its file) and is
 * published by one {@link org.initlab.spi.InitializerProvider} listed in
 * {@code META-INF/services/org.initlab.spi.InitializerProvider}.
 *
 * <p>Common rules: fans are those of the tensor itself ({@link org.initlab.spi.ParameterSpec#fans()}, PyTorch
 * layout); shape rules (at least 2 dimensions for fan-based ones, exactly 2 for {@code identity} and
 * {@code sparse}, 3 to 5 for {@code dirac} and {@code delta-orthogonal}) are checked first, and a tensor with
 * no elements is then left untouched and draws nothing; values are computed in {@code double} and stored as
 * {@code float}, drawn in row-major order; every initializer knows its
 * {@link org.initlab.spi.Initializer#expectedStd closed-form standard deviation}, and its {@code toString()}
 * is its canonical spec (the options that differ from their defaults). Orthogonal matrices come from EJML's
 * Householder QR, the only dependency besides the SPI.
 */
package org.initlab.initializers;
