package org.initlab.backends.djl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.initlab.core.backend.Availability;

/**
 * Everything about DJL that can be decided without loading a single DJL class: the system properties that keep
 * DJL offline and say where it extracts its native libraries, what the class path offers (versions, CPU or CUDA
 * natives), the cheap GPU guess behind the provider's rank, and the reason the last engine load failed.
 *
 * <p>This class must never refer to an {@code ai.djl} type: the provider calls {@link #configure()} when the
 * backend is first created, before anything can initialize DJL's {@code Engine} (whose static initializer would
 * otherwise decide on its own whether to contact the network), and never on discovery.
 */
final class DjlEnvironment {
    /** Our system property naming DJL's cache directory. */
    static final String CACHE_PROPERTY = "initlab.djl.cache";
    /** Our environment variable naming DJL's cache directory. */
    static final String CACHE_ENVIRONMENT = "INITLAB_DJL_CACHE";
    /** System property that forces the GPU rank on ({@code true}) or off ({@code false}). */
    static final String GPU_PROPERTY = "initlab.djl.gpu";
    /** Where the NVIDIA kernel driver announces itself; its presence is the cheap hint that CUDA may work. */
    static final Path NVIDIA_DRIVER = Paths.get("/proc/driver/nvidia/version");

    /** DJL's cache properties ({@code ai.djl.util.Utils.getCacheDir()} / {@code getEngineCacheDir()}). */
    static final String DJL_CACHE_DIR = "DJL_CACHE_DIR";
    static final String ENGINE_CACHE_DIR = "ENGINE_CACHE_DIR";
    /** PyTorch's intra-op thread count, read once when DJL loads the engine. */
    static final String NUM_THREADS = "ai.djl.pytorch.num_threads";

    static final String ENGINE_CLASS = "ai.djl.engine.Engine";
    static final String PYTORCH_ENGINE_CLASS = "ai.djl.pytorch.engine.PtEngineProvider";
    private static final String API_PROPERTIES = "ai/djl/engine/api.properties";
    private static final String ENGINE_PROPERTIES = "pytorch-engine.properties";
    private static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";
    private static final String JNI_PROPERTIES = "jnilib/pytorch.properties";

    private static volatile String loadFailure;

    private DjlEnvironment() {
    }

    /**
     * Sets the properties DJL reads, each only when it is not set already: {@code offline=true} and
     * {@code ai.djl.offline=true} (no downloads of models or natives, no call home; DJL otherwise asks the
     * cloud metadata address who runs it when its engine class initializes), {@code OPT_OUT_TRACKING=true}
     * (no telemetry), and DJL's cache directories {@value #DJL_CACHE_DIR} and {@value #ENGINE_CACHE_DIR} (see
     * {@link #cacheDirectory}; these two are overwritten when {@value #CACHE_PROPERTY} or
     * {@value #CACHE_ENVIRONMENT} names a directory explicitly). Idempotent.
     */
    static synchronized void configure() {
        setIfAbsent("offline", "true");
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        Optional<String> explicit = explicitCacheDirectory(System.getProperties(), System.getenv());
        String cache = cacheDirectory(System.getProperties(), System.getenv()).toString();
        if (explicit.isPresent()) {
            System.setProperty(DJL_CACHE_DIR, cache);
            System.setProperty(ENGINE_CACHE_DIR, cache);
        } else {
            setIfAbsent(DJL_CACHE_DIR, cache);
            setIfAbsent(ENGINE_CACHE_DIR, cache);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * The directory DJL extracts the PyTorch libraries into: the system property {@value #CACHE_PROPERTY},
     * else the environment variable {@value #CACHE_ENVIRONMENT}, else {@code ${user.home}/.initlab/djl}.
     *
     * @param properties  system properties
     * @param environment environment variables
     * @return the directory (not created)
     */
    static Path cacheDirectory(Map<?, ?> properties, Map<String, String> environment) {
        return explicitCacheDirectory(properties, environment).map(Paths::get)
                .orElseGet(() -> Paths.get(String.valueOf(properties.get("user.home")), ".initlab", "djl"))
                .toAbsolutePath();
    }

    private static Optional<String> explicitCacheDirectory(Map<?, ?> properties, Map<String, String> environment) {
        Object property = properties.get(CACHE_PROPERTY);
        if (property != null && !property.toString().isBlank()) {
            return Optional.of(property.toString().strip());
        }
        String env = environment.get(CACHE_ENVIRONMENT);
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(env.strip());
    }

    /**
     * Sets PyTorch's intra-op thread count for the engine load, unless the user set it.
     *
     * @param threads the requested threads
     */
    static void requestThreads(int threads) {
        setIfAbsent(NUM_THREADS, Integer.toString(threads));
    }

    /**
     * The provider's rank rule: {@code initlab.djl.gpu=true|false} decides when set; otherwise a GPU is assumed
     * when the NVIDIA driver is present and the PyTorch natives on the class path are a CUDA build.
     *
     * @param gpuProperty  the value of {@value #GPU_PROPERTY}, if set
     * @param driverLoaded whether {@link #NVIDIA_DRIVER} exists
     * @param flavor       the natives' flavor ({@code cpu}, {@code cu128}, ...), if known
     * @return whether to rank as a GPU backend
     */
    static boolean gpuLikely(Optional<String> gpuProperty, boolean driverLoaded, Optional<String> flavor) {
        if (gpuProperty.isPresent() && !gpuProperty.get().isBlank()) {
            return Boolean.parseBoolean(gpuProperty.get().strip());
        }
        return driverLoaded && flavor.map(f -> f.toLowerCase(Locale.ROOT).startsWith("cu")).orElse(false);
    }

    /** @return {@link #gpuLikely} for this JVM and machine */
    static boolean gpuLikely() {
        return gpuLikely(Optional.ofNullable(System.getProperty(GPU_PROPERTY)), Files.exists(NVIDIA_DRIVER),
                natives().map(Natives::flavor));
    }

    /**
     * What the class path offers, found by reading three small property files and probing two classes without
     * initializing them.
     *
     * @return the availability line, or the reason DJL cannot run here
     */
    static Availability probe() {
        ClassLoader loader = DjlEnvironment.class.getClassLoader();
        for (String name : new String[] {ENGINE_CLASS, PYTORCH_ENGINE_CLASS}) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return Availability.unavailable("class " + name + " is not on the class path (add ai.djl:api and "
                        + "ai.djl.pytorch:pytorch-engine)");
            }
        }
        String failure = loadFailure;
        if (failure != null) {
            return Availability.unavailable(failure);
        }
        String djl = resource(loader, API_PROPERTIES).map(p -> p.getProperty("djl_version")).orElse("?");
        String pytorch = resource(loader, ENGINE_PROPERTIES).map(p -> p.getProperty("pytorch_version"))
                .orElse("?");
        boolean libraryPath = Optional.ofNullable(System.getenv("PYTORCH_LIBRARY_PATH")).filter(s -> !s.isBlank())
                .isPresent();
        Optional<Natives> natives = natives();
        if (natives.isEmpty() && !libraryPath) {
            return Availability.unavailable("no PyTorch native library on the class path (add "
                    + "ai.djl.pytorch:pytorch-native-cpu:" + pytorch + ":linux-x86_64 or a CUDA build) and "
                    + "PYTORCH_LIBRARY_PATH is not set; DJL runs offline and will not download one");
        }
        if (resource(loader, JNI_PROPERTIES).isEmpty()) {
            return Availability.unavailable("no DJL PyTorch JNI library on the class path (add "
                    + "ai.djl.pytorch:pytorch-jni:" + pytorch + "-" + djl + ")");
        }
        String build = natives.map(n -> " " + n.flavor()).orElse(" from PYTORCH_LIBRARY_PATH");
        return Availability.available("PyTorch " + pytorch + build + " via DJL " + djl
                + " (natives load on first use)");
    }

    /** @return the PyTorch natives bundled on the class path, if any */
    static Optional<Natives> natives() {
        return resource(DjlEnvironment.class.getClassLoader(), NATIVE_PROPERTIES)
                .map(p -> new Natives(p.getProperty("version", "?"), p.getProperty("flavor", "?")));
    }

    private static Optional<Properties> resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.of(properties);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Remembers why loading the engine failed, so that {@link #probe()} reports it from now on.
     *
     * @param failure the exception
     * @return the one-line reason
     */
    static String recordFailure(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        String reason = "PyTorch via DJL failed to load: " + message.strip().lines().findFirst().orElse("");
        loadFailure = reason;
        return reason;
    }

    /** Forgets a recorded failure (after a later load succeeded). */
    static void clearFailure() {
        loadFailure = null;
    }

    /**
     * The bundled natives.
     *
     * @param version the libtorch build, e.g. {@code 2.7.1-20250812}
     * @param flavor  {@code cpu} or a CUDA flavor such as {@code cu128}
     */
    record Natives(String version, String flavor) {
    }
}
