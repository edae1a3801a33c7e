/**
 * The PyTorch compute backend through the Deep Java Library ({@code --backend djl}): dense layers by
 * {@code torch.nn.functional.linear}, PyTorch's activations and {@code log_softmax} / {@code nll_loss}, gradients
 * by PyTorch's autograd, and the SGD / Adam rules of {@link org.initlab.core.optim.OptimizerSpec} as in-place
 * tensor operations, on the CPU or on {@code gpu(0)}. The only public type is
 * {@link org.initlab.backends.djl.DjlBackendProvider}, found through {@link java.util.ServiceLoader}; it keeps
 * DJL offline and loads no native code until a backend is created. Initial weights always come from initlab's
 * initializers, so this backend and the pure-Java one start from bit-identical tensors for one seed.
 */
package org.initlab.backends.djl;
