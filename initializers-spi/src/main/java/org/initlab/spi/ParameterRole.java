package org.initlab.spi;

/** What a parameter tensor is for inside its layer. */
public enum ParameterRole {
    /** A weight (kernel) tensor: dense {@code [out, in]}, convolution {@code [out, in/groups, k...]}. */
    WEIGHT,
    /** A bias vector of length {@code out}. */
    BIAS,
    /** Any other learnable tensor (for example a normalization scale). */
    OTHER
}
