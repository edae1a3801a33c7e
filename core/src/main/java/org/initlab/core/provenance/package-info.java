/**
 * Typed provenance, as Tribuo's {@code ModelProvenance}: how a result or a trained file was made. A
 * {@link org.initlab.core.provenance.Provenance} names the initlab version, the JVM and operating system, the
 * backend and its device, where every initializer came from ({@link org.initlab.core.provenance.ComponentOrigin}:
 * built into initlab, another jar on the class path, or a plugin jar, with its version) and a content hash of
 * every data set ({@link org.initlab.core.provenance.DatasetFingerprint}). The app writes it into
 * {@code results.json}, the report and the metadata of saved weights.
 */
package org.initlab.core.provenance;
