package org.initlab.app.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every initlab jar has a stable module name on the module path (its {@code Automatic-Module-Name}), not one
 * derived from its file name. Checks the jars the app is tested against; when a build runs the tests on class
 * folders (no jars yet), it has nothing to check and is skipped.
 */
class ModuleNamesTest {
    static Map<String, String> modules() {
        return Map.of("org.initlab.spi.InitializerProvider", "org.initlab.spi",
                "org.initlab.core.Initlab", "org.initlab.core",
                "org.initlab.initializers.HeNormalProvider", "org.initlab.initializers",
                "org.initlab.backends.nativebackend.NativeBackendProvider", "org.initlab.backends.nativebackend",
                "org.initlab.tensorformats.Safetensors", "org.initlab.tensorformats",
                "org.initlab.backends.djl.DjlBackendProvider", "org.initlab.backends.djl");
    }

    static java.util.stream.Stream<String> classes() {
        return modules().keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("classes")
    void eachJarNamesItsModule(String className) throws Exception {
        Class<?> type = Class.forName(className, false, getClass().getClassLoader());
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        Assumptions.assumeTrue(Files.isRegularFile(location), "tested against class folders: " + location);
        ModuleReference module = ModuleFinder.of(location).findAll().iterator().next();
        assertThat(module.descriptor().name()).isEqualTo(modules().get(className));
        assertThat(module.descriptor().isAutomatic()).isTrue();
    }
}
