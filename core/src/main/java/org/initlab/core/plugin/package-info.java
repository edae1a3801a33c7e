/**
 * Third-party plugins: {@link org.initlab.core.plugin.PluginDirectory} opens every jar of a plugins directory
 * in its own class loader, and {@link org.initlab.core.plugin.ServiceDiscovery} finds the providers of a
 * service on the class path and in those jars, recording where each came from and reporting a provider that
 * fails to load in one line while the others still load.
 */
package org.initlab.core.plugin;
