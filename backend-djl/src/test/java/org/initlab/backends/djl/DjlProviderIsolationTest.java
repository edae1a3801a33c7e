package org.initlab.backends.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.initlab.core.backend.BackendProvider;
import org.junit.jupiter.api.Test;

/**
 * Loading, constructing and asking the provider for its rank and availability initializes no DJL class and
 * sets DJL's offline properties. The provider runs in a fresh class loader (over the same jars) that records
 * every class it is asked for: DJL's {@code Engine} initializer would pull in SLF4J, DJL's utilities and the
 * engine providers, so seeing no SLF4J class and no DJL class beyond the two probed ones and an interface of
 * one proves that it never ran.
 */
class DjlProviderIsolationTest {
    private static final List<String> OFFLINE_PROPERTIES = List.of("offline", "ai.djl.offline", "OPT_OUT_TRACKING");
    private static final Set<String> PROBED = Set.of(DjlEnvironment.ENGINE_CLASS,
            DjlEnvironment.PYTORCH_ENGINE_CLASS, "ai.djl.engine.EngineProvider");

    @Test
    void providerSetsTheOfflinePropertiesAndInitializesNoDjlClass() throws Exception {
        List<String> saved = new ArrayList<>();
        for (String key : OFFLINE_PROPERTIES) {
            saved.add(System.getProperty(key));
            System.clearProperty(key);
        }
        try (RecordingLoader loader = new RecordingLoader(classPath())) {
            Class<?> type = Class.forName(DjlBackendProvider.class.getName(), true, loader);
            assertThat(type).isNotSameAs(DjlBackendProvider.class);
            for (String key : OFFLINE_PROPERTIES) {
                assertThat(System.getProperty(key)).as(key).isEqualTo("true");
            }
            Object provider = type.getConstructor().newInstance();
            int rank = (int) type.getMethod("rank").invoke(provider);
            Object availability = type.getMethod("availability").invoke(provider);
            boolean available = (boolean) availability.getClass().getMethod("available").invoke(availability);
            String detail = (String) availability.getClass().getMethod("detail").invoke(availability);

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
        } finally {
            for (int i = 0; i < OFFLINE_PROPERTIES.size(); i++) {
                if (saved.get(i) == null) {
                    System.clearProperty(OFFLINE_PROPERTIES.get(i));
                } else {
                    System.setProperty(OFFLINE_PROPERTIES.get(i), saved.get(i));
                }
            }
        }
    }

    /** The module's classes, core, the SPI and every jar DJL would need, found from this loader's resources. */
    private static URL[] classPath() throws Exception {
        Set<URL> urls = new LinkedHashSet<>();
        for (Class<?> type : List.of(DjlBackendProvider.class, BackendProvider.class,
                org.initlab.spi.ParameterSpec.class)) {
            urls.add(type.getProtectionDomain().getCodeSource().getLocation());
        }
        for (String resource : List.of("ai/djl/engine/Engine.class", "ai/djl/pytorch/engine/PtEngine.class",
                "native/lib/pytorch.properties", "jnilib/pytorch.properties", "org/slf4j/LoggerFactory.class",
                "com/google/gson/Gson.class", "com/sun/jna/Native.class")) {
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
