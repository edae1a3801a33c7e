package org.initlab.core.plugin;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One plugin jar opened in its own class loader.
 *
 * @param path    the jar file
 * @param version the jar's {@code Implementation-Version}, or {@code "unknown"}
 * @param loader  the class loader that sees the jar (its parent sees initlab)
 */
@API(status = INTERNAL, since = "0.1")
public record PluginJar(Path path, String version, ClassLoader loader) {
    /** Validates the components. */
    public PluginJar {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(loader, "loader");
    }

    /** @return {@code <path> (version <v>)} */
    public String describe() {
        return path + " (version " + version + ")";
    }
}
