/**
 * The backend-agnostic training loop: {@link org.initlab.core.train.Trainer} runs one trial (one network,
 * one initialization plan, one seed) on any {@link org.initlab.core.backend.Backend} with seeded shuffling,
 * mini-batches, PyTorch's optimizers ({@link org.initlab.core.optim.OptimizerSpec}), evaluation after every
 * epoch and divergence detection.
 */
package org.initlab.core.train;
