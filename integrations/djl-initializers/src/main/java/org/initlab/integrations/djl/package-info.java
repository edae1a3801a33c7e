/**
 * initlab's initializers inside models built with the Deep Java Library's Block API: {@link
 * org.initlab.integrations.djl.InitlabInitializer}, a DJL {@code Initializer} made from any initlab spec string;
 * {@link org.initlab.integrations.djl.DjlBlockInitializer}, which fills every parameter of an initialized block
 * by DJL's parameter names with per-name seeds and {@code --init-rule} style globs, and runs data-dependent
 * initializers ({@code lsuv}) on a probe batch through DJL; {@link
 * org.initlab.integrations.djl.InitializerCatalog}, spec strings resolved among the providers on the class path;
 * {@link org.initlab.integrations.djl.DjlOffline}, the system properties that keep DJL off the network. Only
 * DJL's engine-independent {@code api} is used; no engine is ever loaded here.
 */
package org.initlab.integrations.djl;
