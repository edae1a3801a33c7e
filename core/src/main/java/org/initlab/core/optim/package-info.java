/**
 * Optimizers as values: {@link org.initlab.core.optim.OptimizerSpec} names an update rule and its
 * hyper-parameters with PyTorch's exact semantics; backends implement the rules. Kept apart from the training
 * loop so that the backend SPI and the trainer do not depend on each other.
 */
package org.initlab.core.optim;
