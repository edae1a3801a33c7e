package org.initlab.core.provenance;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How a run was made: versions, machine, backend, initializers with their origins and data set hashes. Written
 * as the {@code provenance} object of {@code results.json} ({@link #toMap()}), as rows of the report
 * ({@link #entries()}), and into the metadata of saved weights, so a pretrained file says how it was made.
 *
 * @param initlabVersion the version of initlab's core jar ({@code development} from class folders)
 * @param javaVersion    {@code java.version}
 * @param javaVendor     {@code java.vendor}
 * @param os             {@code os.name os.version (os.arch)}
 * @param backend        the backend's name
 * @param device         the backend's device
 * @param initializers   every initializer of the run (weights, biases, per-parameter rules), each once
 * @param datasets       the data sets, training first
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Provenance(String initlabVersion, String javaVersion, String javaVendor, String os, String backend,
                         String device, List<InitializerOrigin> initializers, List<DatasetFingerprint> datasets) {
    /** Validates and copies. */
    public Provenance {
        Objects.requireNonNull(initlabVersion, "initlabVersion");
        Objects.requireNonNull(javaVersion, "javaVersion");
        Objects.requireNonNull(javaVendor, "javaVendor");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(device, "device");
        initializers = List.copyOf(initializers);
        datasets = List.copyOf(datasets);
    }

    /**
     * The provenance of a run in this JVM.
     *
     * @param backend      the backend's name
     * @param device       its device
     * @param initializers the run's initializers with their origins
     * @param datasets     the run's data sets
     * @return the provenance, with versions and machine read from this JVM
     */
    public static Provenance of(String backend, String device, List<InitializerOrigin> initializers,
                                List<DatasetFingerprint> datasets) {
        return new Provenance(currentVersion(), System.getProperty("java.version", "unknown"),
                System.getProperty("java.vendor", "unknown"),
                System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", "") + " ("
                        + System.getProperty("os.arch", "unknown") + ")",
                backend, device, initializers, datasets);
    }

    /** @return the {@code Implementation-Version} of initlab's core jar, {@code development} from class folders */
    public static String currentVersion() {
        return ComponentOrigin.versionOf(Provenance.class, "development");
    }

    /**
     * The JSON form, snake_case keys, insertion-ordered: {@code initlab_version}, {@code java_version},
     * {@code java_vendor}, {@code os}, {@code backend}, {@code device}, {@code initializers} (each
     * {@code spec}, {@code provider}, {@code source}, {@code location}, {@code version}) and {@code datasets}
     * (each {@code role}, {@code name}, {@code size}, {@code sha256}).
     *
     * @return maps, lists, strings and numbers only
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("initlab_version", initlabVersion);
        m.put("java_version", javaVersion);
        m.put("java_vendor", javaVendor);
        m.put("os", os);
        m.put("backend", backend);
        m.put("device", device);
        m.put("initializers", initializers.stream().map(i -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("spec", i.spec());
            e.put("provider", i.provider());
            e.put("source", i.origin().source().jsonName());
            e.put("location", i.origin().location());
            e.put("version", i.origin().version());
            return e;
        }).toList());
        m.put("datasets", datasets.stream().map(d -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("role", d.role());
            e.put("name", d.name());
            e.put("size", d.size());
            e.put("sha256", d.sha256());
            return e;
        }).toList());
        return m;
    }

    /**
     * One line per fact, for a report's table: {@code initlab}, {@code java}, {@code os},
     * {@code backend}, then {@code initializer <spec>} and {@code <role> data} rows.
     *
     * @return label to text, in order
     */
    public Map<String, String> entries() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("initlab", initlabVersion);
        m.put("java", javaVersion + " (" + javaVendor + ")");
        m.put("os", os);
        m.put("backend", backend + " (" + device + ")");
        initializers.forEach(i -> m.put("initializer " + i.spec(), i.provider() + " from " + i.origin()));
        datasets.forEach(d -> m.put(d.role() + " data", d.toString()));
        return m;
    }
}
