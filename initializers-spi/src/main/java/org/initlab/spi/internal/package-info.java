/**
 * What initlab's own modules need from the SPI module and a plugin author does not: the spec-string parser
 * ({@link org.initlab.spi.internal.SpecString}, {@link org.initlab.spi.internal.SpecArgument}), the binding of
 * its arguments to declared options ({@link org.initlab.spi.internal.OptionBinding}) and "did you mean"
 * suggestions ({@link org.initlab.spi.internal.Suggestions}). Nothing here is promised: it may change in any
 * release; plugins use {@link org.initlab.spi.InitializerOptions} and the other types of {@code org.initlab.spi}.
 */
package org.initlab.spi.internal;
