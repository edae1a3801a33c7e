/**
 * From spec strings to initial tensors: the {@link org.initlab.core.init.InitializerRegistry} discovers
 * {@link org.initlab.spi.InitializerProvider}s and resolves specs such as {@code he-normal(mode=fan_out)};
 * an {@link org.initlab.core.init.InitializationPlan} says which initializer fills which parameter and
 * materializes a {@link org.initlab.core.init.ParameterSet} from a run seed, split per parameter path so
 * that the same seed gives the same tensors on every backend and in every order.
 */
package org.initlab.core.init;
