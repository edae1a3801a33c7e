/**
 * Network descriptions: layers ({@link org.initlab.core.model.Layer}), activations
 * ({@link org.initlab.core.model.Activation}), whole networks ({@link org.initlab.core.model.Network}) and the
 * compact model spec {@code mlp:784-512-128-10:relu} ({@link org.initlab.core.model.ModelSpec}). A network is
 * a value: it says what is computed and which parameters exist, never how or where.
 */
package org.initlab.core.model;
