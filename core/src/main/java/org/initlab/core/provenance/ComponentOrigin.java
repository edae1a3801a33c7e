package org.initlab.core.provenance;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where a component (an initializer provider, a backend) was loaded from.
 *
 * @param source   built into initlab, another jar on the class path, or a plugin jar
 * @param location the jar's (or class folder's) file name, or the plugin jar's path
 * @param version  the jar's {@code Implementation-Version}, {@code development} when run from class folders,
 *                 {@code unknown} when a jar does not say
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ComponentOrigin(Source source, String location, String version) {
    /** Where a component comes from. */
    public enum Source {
        /** initlab's own modules. */
        BUILT_IN,
        /** a third-party jar on the class path. */
        CLASS_PATH,
        /** a jar of the plugins directory, in its own class loader. */
        PLUGIN;

        /** @return the lower-case name used in JSON, {@code built-in}, {@code class-path} or {@code plugin} */
        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Validates the components. */
    public ComponentOrigin {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(version, "version");
    }

    /**
     * The origin of a class found on the host's class path: {@code BUILT_IN} for initlab's own packages
     * ({@code org.initlab.}), else {@code CLASS_PATH}; the version is its package's {@code Implementation-Version}.
     *
     * @param type     the class
     * @param location the file name of its jar or folder
     * @return its origin
     */
    public static ComponentOrigin ofClassPath(Class<?> type, String location) {
        Source source = type.getName().startsWith("org.initlab.") ? Source.BUILT_IN : Source.CLASS_PATH;
        return new ComponentOrigin(source, location, versionOf(type, source == Source.BUILT_IN
                ? "development" : "unknown"));
    }

    /**
     * @param type     a class
     * @param fallback what to say when its jar names no version
     * @return its package's {@code Implementation-Version}, else {@code fallback}
     */
    static String versionOf(Class<?> type, String fallback) {
        Package p = type.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? fallback : v;
    }

    /** @return {@code built-in, <location>, version <v>} */
    @Override
    public String toString() {
        return source.jsonName() + ", " + location + ", version " + version;
    }
}
