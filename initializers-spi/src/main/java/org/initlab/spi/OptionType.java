package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** The type of an initializer option, used for validation and for listing. */
@API(status = STABLE, since = "0.1")
public enum OptionType {
    /** A finite floating-point number. */
    NUMBER,
    /** A whole number. */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** One of a fixed set of words ({@link OptionSpec#choices()}). */
    CHOICE,
    /** Free text, for example a file path. */
    TEXT,
    /** A nested initializer spec string, for example {@code missing=he-normal(mode=fan_out)}. */
    INITIALIZER
}
