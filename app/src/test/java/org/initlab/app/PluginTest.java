package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.initlab.tensorformats.Safetensors;
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
    void resultsReportAndSavedWeightsSayWhereEachInitializerCameFrom() throws IOException {
        Path plugins = tmp.resolve("plugins");
        Path jar = pluginJar(plugins, "kumar.jar");
        Path out = tmp.resolve("out");
        Path weights = tmp.resolve("weights");
        CliTest.Run r = CliTest.run("--plugins", plugins.toString(), "compare", "--init", "kumar-normal,xavier-normal",
                "--init-rule", "2.weight=orthogonal", "--model", "mlp:784-16-10:sigmoid", "--train-limit", "200",
                "--test-limit", "100", "--epochs", "1", "--seeds", "1", "--quiet", "--out", out.toString(),
                "--save-weights", weights.toString());
        assertThat(r.code()).as(r.err()).isZero();

        ObjectMapper mapper = new ObjectMapper();
        JsonNode results = mapper.readTree(out.resolve("results.json").toFile());
        assertThat(results.get("config").get("model").asText()).as("config keeps its fields")
                .isEqualTo("mlp:784-16-10:sigmoid");
        assertThat(results.get("config").has("initlab_version")).isTrue();
        JsonNode provenance = results.get("provenance");
        assertThat(provenance.get("backend").asText()).isEqualTo(results.get("config").get("backend").asText());
        assertThat(provenance.get("java_version").asText()).isEqualTo(System.getProperty("java.version"));
        JsonNode inits = provenance.get("initializers");
        assertThat(inits).extracting(i -> i.get("spec").asText())
                .containsExactly("kumar-normal", "zeros", "orthogonal", "xavier-normal");
        JsonNode kumar = inits.get(0);
        assertThat(kumar.get("source").asText()).isEqualTo("plugin");
        assertThat(kumar.get("location").asText()).isEqualTo(jar.toString());
        assertThat(kumar.get("version").asText()).isEqualTo("1.0.0");
        assertThat(inits.get(1).get("source").asText()).isEqualTo("built-in");
        assertThat(inits.get(3).get("provider").asText()).isEqualTo("xavier-normal");
        JsonNode data = provenance.get("datasets");
        assertThat(data).extracting(d -> d.get("role").asText()).containsExactly("train", "test");
        assertThat(data).extracting(d -> d.get("size").asInt()).containsExactly(200, 100);
        assertThat(data.get(0).get("sha256").asText()).matches("[0-9a-f]{64}")
                .isNotEqualTo(data.get(1).get("sha256").asText());

        assertThat(Files.readString(out.resolve("report.md")))
                .contains("| initializer kumar-normal | kumar-normal from plugin, " + jar + ", version 1.0.0 |")
                .contains("| train data | " + data.get(0).get("name").asText() + ", 200 samples, sha256 "
                        + data.get(0).get("sha256").asText() + " |");
        assertThat(Files.readString(out.resolve("report.html"))).contains("initializer kumar-normal");

        Map<String, String> metadata = Safetensors.readMetadata(WeightsSaver.file(weights, "kumar-normal", 0));
        assertThat(metadata).containsEntry("initlab.init", "kumar-normal");
        assertThat(mapper.readTree(metadata.get(RunProvenance.METADATA_KEY))).isEqualTo(provenance);
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
