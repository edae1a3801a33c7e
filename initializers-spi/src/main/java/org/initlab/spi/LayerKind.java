package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** The kind of layer that owns a parameter, so that an initializer can refuse layers it does not fit. */
@API(status = STABLE, since = "0.1")
public enum LayerKind {
    /** Fully connected layer, weight {@code [out, in]}. */
    DENSE,
    /** Convolution, weight {@code [out, in/groups, k1, k2, ...]}. */
    CONV,
    /** Transposed convolution, weight {@code [in, out/groups, k...]} as in PyTorch. */
    CONV_TRANSPOSE,
    /** Embedding table {@code [vocabulary, width]}. */
    EMBEDDING,
    /** Normalization layer (scale and shift vectors). */
    NORMALIZATION,
    /** Anything else. */
    OTHER
}
