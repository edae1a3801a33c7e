/**
 * Labelled classification data: the immutable {@link org.initlab.core.data.Dataset} (features in one
 * row-major {@code float[]}, labels in one {@code int[]}) and its readers: MNIST-style IDX files, gzipped or
 * raw ({@link org.initlab.core.data.IdxFiles}, {@link org.initlab.core.data.MnistDirectory}), label-first CSV
 * ({@link org.initlab.core.data.CsvDatasets}), a single entry point that picks the reader from the path
 * ({@link org.initlab.core.data.DataSources}), and 10,000 real MNIST digits shipped as resources
 * ({@link org.initlab.core.data.BundledMnist}). Every reader validates its input completely and reports a
 * problem as one line naming the file ({@link org.initlab.core.data.InvalidDataException}); pixels are always
 * scaled to {@code [0, 1]} as {@code byte / 255f}, and an experiment may then shift and scale them with
 * {@link org.initlab.core.data.InputNormalization} (PyTorch's {@code Normalize}). This package depends on
 * nothing but the JDK.
 */
package org.initlab.core.data;
