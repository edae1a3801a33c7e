/**
 * Generators of the reference pages in {@code docs/reference/}: the CLI reference, read from picocli's model
 * of the {@code initlab} commands, and the initializer catalogue, read from the providers that
 * {@link java.util.ServiceLoader} finds. {@code ReferenceDocsTest} keeps the checked-in pages equal to what
 * these generators produce.
 */
package org.initlab.app.docs;
