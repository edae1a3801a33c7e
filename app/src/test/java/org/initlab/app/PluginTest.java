package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example plugin (examples/initializer-plugin) dropped into a plugins directory. */
class PluginTest {
    @TempDir
    Path tmp;

    /** Packs the example plugin's compiled classes into a jar, as its build does. */
    private Path pluginJar(Path dir, String name) throws IOException {
        Path classes = Path.of(System.getProperty("initlab.examplePluginClasses",
                "../examples/initializer-plugin/target/classes"));
        assertThat(classes.resolve("META-INF/services/org.initlab.spi.InitializerProvider")).exists();
        Files.createDirectories(dir);
        Path jar = dir.resolve(name);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "1.0.0");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void theExamplePluginIsOnlyVisibleThroughThePluginsDirectory() {
        CliTest.Run r = CliTest.run("compare", "--plugins", tmp.resolve("none").toString(), "--init", "kumar-normal");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown initializer 'kumar-normal'");
    }

    @Test
    void listShowsThePluginWithItsJarAndVersion() throws IOException {
        Path plugins = tmp.resolve("plugins");
        Path jar = pluginJar(plugins, "kumar.jar");
        CliTest.Run r = CliTest.run("list", "--plugins", plugins.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("kumar-normal(nonlinearity=sigmoid)")
                .contains("from " + jar + " (version 1.0.0)")
                .contains("from class path (");
    }

    @Test
    void compareTrainsWithThePlugin() throws IOException {
        Path plugins = tmp.resolve("plugins");
        pluginJar(plugins, "kumar.jar");
        CliTest.Run r = CliTest.run("--plugins", plugins.toString(), "compare", "--init", "kumar-normal,xavier-normal",
                "--model", "mlp:784-32-10:sigmoid", "--train-limit", "300", "--test-limit", "100", "--epochs", "1",
                "--seeds", "1", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("kumar-normal").contains("1 ok");
    }

    @Test
    void twoJarsClaimingOneNameAreAnErrorNamingBoth() throws IOException {
        Path plugins = tmp.resolve("plugins");
        Path a = pluginJar(plugins, "a.jar");
        Path b = pluginJar(plugins, "b.jar");
        CliTest.Run r = CliTest.run("list", "--plugins", plugins.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("initializer name 'kumar-normal' is claimed by both")
                .contains(a.toString()).contains(b.toString());
    }

    @Test
    void aBrokenProviderIsReportedAndTheOthersStillLoad() throws IOException {
        Path plugins = tmp.resolve("plugins");
        pluginJar(plugins, "kumar.jar");
        Path broken = plugins.resolve("broken.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(broken))) {
            out.putNextEntry(new JarEntry("META-INF/services/org.initlab.spi.InitializerProvider"));
            out.write("com.example.DoesNotExist\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        CliTest.Run r = CliTest.run("list", "--plugins", plugins.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("kumar-normal").contains("he-normal").contains("Problems (1):");
        List<String> problem = r.out().lines().filter(l -> l.contains("DoesNotExist")).toList();
        assertThat(problem).hasSize(1);
        assertThat(problem.get(0)).contains(broken.toString()).contains("failed to load");
    }
}
