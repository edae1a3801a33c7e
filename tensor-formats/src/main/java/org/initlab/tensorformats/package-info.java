/**
 * Reading and writing tensor files without dependencies: {@link org.initlab.tensorformats.Safetensors}
 * (Hugging Face safetensors, the format of PyTorch checkpoints on the Hub: read {@code F32}, {@code F16},
 * {@code BF16}, {@code F64}, {@code I64}; write {@code F32} and {@code I64}) and {@link org.initlab.tensorformats.NumpyArrays} (NumPy
 * {@code .npy} and {@code .npz}: read {@code f2}, {@code f4}, {@code f8}; write {@code '<f4'} as
 * {@code numpy.save} does). Tensors are {@link org.initlab.tensorformats.TensorData}: a shape and
 * row-major {@code float} values. Malformed files fail with a
 * {@link org.initlab.tensorformats.TensorFileFormatException} whose message names the file, the tensor
 * and the problem.
 *
 * <p>The {@code pretrained} initializer loads parameters through these classes; the application writes
 * weights ({@code compare --save-weights}) and samples ({@code sample --out FILE.npy}) with them.
 */
package org.initlab.tensorformats;
