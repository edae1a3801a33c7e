package org.initlab.backends.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Discovery has no side effects and use configures DJL first. Loading, constructing and asking the provider for its
 * rank and availability initializes no DJL class and leaves every system property as it was; creating the backend
 * (asking for the engine) sets DJL's offline properties before any DJL class initializes. The provider runs in a
 * fresh class loader (over the same jars) that records every class it is asked for: DJL's {@code Engine}
 * initializer would pull in SLF4J, DJL's utilities and the engine providers, so seeing no SLF4J class and no DJL
 * class beyond the two probed ones and an interface of one proves that it never ran.
 */
class DjlProviderIsolationTest {
    private static final List<String> DJL_PROPERTIES = List.of("offline", "ai.djl.offline", "OPT_OUT_TRACKING",
            DjlEnvironment.DJL_CACHE_DIR, DjlEnvironment.ENGINE_CACHE_DIR);
    private static final List<String> OFFLINE_PROPERTIES = DJL_PROPERTIES.subList(0, 3);
    private static final Set<String> PROBED = Set.of(DjlEnvironment.ENGINE_CLASS,
            DjlEnvironment.PYTORCH_ENGINE_CLASS, "ai.djl.engine.EngineProvider");

    @Test
    void discoveryRankAndAvailabilityLeaveSystemPropertiesUntouchedAndInitializeNoDjlClass() throws Exception {
        withoutDjlProperties(() -> {
            Map<Object, Object> before = new HashMap<>(System.getProperties());
            try (RecordingLoader loader = new RecordingLoader(classPath(true))) {
                Class<?> spi = Class.forName(BackendProvider.class.getName(), false, loader);
                List<Object> discovered = ServiceLoader.load(spi, loader).stream()
                        .map(p -> (Object) p.get()).toList();
                Object provider = discovered.stream()
                        .filter(p -> p.getClass().getName().equals(DjlBackendProvider.class.getName())).findFirst()
                        .orElseThrow();
                Class<?> type = provider.getClass();
                assertThat(type).isNotSameAs(DjlBackendProvider.class);
                int rank = (int) type.getMethod("rank").invoke(provider);
                Object availability = type.getMethod("availability").invoke(provider);
                boolean available = (boolean) availability.getClass().getMethod("available").invoke(availability);
                String detail = (String) availability.getClass().getMethod("detail").invoke(availability);

                assertThat(new HashMap<>(System.getProperties())).as("system properties after discovery, rank() and "
                        + "availability()").isEqualTo(before);
                assertThat(rank).isIn(DjlBackendProvider.CPU_RANK, DjlBackendProvider.GPU_RANK);
                assertThat(available).as(detail).isTrue();
                assertThat(detail).endsWith("(natives load on first use)");
                assertThat(loader.requested).filteredOn(n -> n.startsWith("ai.djl.")).isSubsetOf(PROBED)
                        .contains(DjlEnvironment.ENGINE_CLASS);
                assertThat(loader.requested).noneMatch(n -> n.startsWith("org.slf4j.") || n.startsWith("com.google.")
                        || n.startsWith("com.sun.jna.") || n.startsWith("org.apache.commons."));
                assertThat(loader.requested).filteredOn(n -> n.startsWith("org.initlab.backends.djl."))
                        .isSubsetOf(DjlBackendProvider.class.getName(), DjlEnvironment.class.getName(),
                                DjlEnvironment.Natives.class.getName());
            }
        });
    }

    /**
     * Creating the backend sets the offline properties first. The fresh loader sees no PyTorch natives, so the
     * engine is never loaded (a library can be loaded by one class loader only): {@code create} configures DJL,
     * then refuses with the class path's reason, and no DJL class has initialized.
     */
    @Test
    void creatingTheBackendSetsTheOfflinePropertiesBeforeAnyDjlClassInitializes() throws Exception {
        Assumptions.assumeTrue(System.getenv("PYTORCH_LIBRARY_PATH") == null, "PYTORCH_LIBRARY_PATH is set");
        withoutDjlProperties(() -> {
            try (RecordingLoader loader = new RecordingLoader(classPath(false))) {
                Class<?> type = Class.forName(DjlBackendProvider.class.getName(), true, loader);
                Object provider = type.getConstructor().newInstance();
                Class<?> optionsType = Class.forName(BackendOptions.class.getName(), true, loader);
                Object options = optionsType.getConstructor(int.class).newInstance(1);

                assertThatThrownBy(() -> type.getMethod("create", optionsType).invoke(provider, options))
                        .isInstanceOf(InvocationTargetException.class).cause()
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no PyTorch native library");
                for (String key : OFFLINE_PROPERTIES) {
                    assertThat(System.getProperty(key)).as(key).isEqualTo("true");
                }
                assertThat(System.getProperty(DjlEnvironment.DJL_CACHE_DIR)).isNotBlank();
                assertThat(loader.requested).filteredOn(n -> n.startsWith("ai.djl.")).isSubsetOf(PROBED);
            }
        });
    }

    /** Runs {@code body} with DJL's properties cleared, and restores them afterwards. */
    private static void withoutDjlProperties(ThrowingRunnable body) throws Exception {
        List<String> saved = new ArrayList<>();
        for (String key : DJL_PROPERTIES) {
            saved.add(System.getProperty(key));
            System.clearProperty(key);
        }
        try {
            body.run();
        } finally {
            for (int i = 0; i < DJL_PROPERTIES.size(); i++) {
                if (saved.get(i) == null) {
                    System.clearProperty(DJL_PROPERTIES.get(i));
                } else {
                    System.setProperty(DJL_PROPERTIES.get(i), saved.get(i));
                }
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * The module's classes, core, the SPI and every jar DJL would need, found from this loader's resources; without
     * the PyTorch natives and JNI library when {@code withNatives} is false.
     */
    private static URL[] classPath(boolean withNatives) throws Exception {
        Set<URL> urls = new LinkedHashSet<>();
        for (Class<?> type : List.of(DjlBackendProvider.class, BackendProvider.class,
                org.initlab.spi.ParameterSpec.class)) {
            urls.add(type.getProtectionDomain().getCodeSource().getLocation());
        }
        List<String> resources = new ArrayList<>(List.of("ai/djl/engine/Engine.class",
                "ai/djl/pytorch/engine/PtEngine.class", "org/slf4j/LoggerFactory.class", "com/google/gson/Gson.class",
                "com/sun/jna/Native.class"));
        if (withNatives) {
            resources.addAll(List.of("native/lib/pytorch.properties", "jnilib/pytorch.properties"));
        }
        for (String resource : resources) {
            urls.add(jarOf(DjlProviderIsolationTest.class.getClassLoader().getResource(resource)));
        }
        return urls.toArray(URL[]::new);
    }

    private static URL jarOf(URL resource) throws MalformedURLException {
        assertThat(resource).isNotNull();
        String text = resource.toString();
        assertThat(text).startsWith("jar:file:");
        Path jar = Paths.get(URI.create(text.substring("jar:".length(), text.indexOf("!/"))));
        return jar.toUri().toURL();
    }

    /** Child of the platform loader that records every class name it is asked to load. */
    private static final class RecordingLoader extends URLClassLoader {
        final Set<String> requested = ConcurrentHashMap.newKeySet();

        RecordingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }
}
