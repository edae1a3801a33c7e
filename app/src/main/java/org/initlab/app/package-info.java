/**
 * The {@code initlab} command-line launcher: picocli commands ({@code list}, {@code compare}) wired with
 * Guice. This is the only package that knows Guice, picocli and Jackson; everything it runs comes from
 * {@code org.initlab.core} and the plugins found by {@link java.util.ServiceLoader}.
 */
package org.initlab.app;
