package org.initlab.spi;

/** The type of an initializer option, used for validation and for listing. */
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
