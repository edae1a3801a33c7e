package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** What a parameter tensor is for inside its layer. */
@API(status = STABLE, since = "0.1")
public enum ParameterRole {
    /** A weight (kernel) tensor: dense {@code [out, in]}, convolution {@code [out, in/groups, k...]}. */
    WEIGHT,
    /** A bias vector of length {@code out}. */
    BIAS,
    /** Any other learnable tensor (for example a normalization scale). */
    OTHER
}
