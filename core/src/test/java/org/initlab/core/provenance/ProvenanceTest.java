package org.initlab.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializerRegistry;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
    private static Dataset data(String name, float firstFeature, int firstLabel) {
        return Dataset.of(name, new float[] {firstFeature, 0.5f, -1f, 2f, 0f, 1f}, new int[] {firstLabel, 1, 0},
                List.of(2), 3);
    }

    @Test
    void aDatasetHashIsOfItsContentNotItsName() {
        String hash = DatasetFingerprint.sha256(data("a.csv", 1f, 2));
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(DatasetFingerprint.sha256(data("b/other.idx", 1f, 2))).isEqualTo(hash);
        assertThat(DatasetFingerprint.sha256(data("a.csv", 1.0000001f, 2))).as("one feature").isNotEqualTo(hash);
        assertThat(DatasetFingerprint.sha256(data("a.csv", 1f, 0))).as("one label").isNotEqualTo(hash);
        assertThat(DatasetFingerprint.sha256(data("a.csv", 1f, 2).head(2))).as("fewer samples").isNotEqualTo(hash);
        Dataset reshaped = Dataset.of("a.csv", new float[] {1f, 0.5f, -1f, 2f, 0f, 1f}, new int[] {2, 1, 0},
                List.of(1, 2), 3);
        assertThat(DatasetFingerprint.sha256(reshaped)).as("feature shape").isNotEqualTo(hash);
        assertThat(DatasetFingerprint.of("train", data("a.csv", 1f, 2)))
                .isEqualTo(new DatasetFingerprint("train", "a.csv", 3, hash))
                .hasToString("a.csv, 3 samples, sha256 " + hash);
    }

    @Test
    void builtInInitializersAreTracedToInitlabsOwnJar() {
        InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
        InitializerOrigin origin = registry.originOf("kaiming-normal(mode=fan_out)");
        assertThat(origin.spec()).isEqualTo("kaiming-normal(mode=fan_out)");
        assertThat(origin.provider()).isEqualTo("he-normal");
        assertThat(origin.origin().source()).isEqualTo(ComponentOrigin.Source.BUILT_IN);
        // from the module's jar, or its class folder when tests run before packaging
        assertThat(origin.origin().location()).matches("initlab-initializers-builtin.*\\.jar|classes");
        assertThat(origin.origin().version()).matches("development|\\d+\\.\\d+\\.\\d+.*");
        assertThatThrownBy(() -> registry.originOf("no-such(x=1)")).hasMessage("unknown initializer 'no-such'");
    }

    @Test
    void classesOutsideInitlabAreThirdPartyClassPathComponents() {
        ComponentOrigin jdk = ComponentOrigin.ofClassPath(String.class, "java.base");
        assertThat(jdk.source()).isEqualTo(ComponentOrigin.Source.CLASS_PATH);
        assertThat(jdk.source().jsonName()).isEqualTo("class-path");
        assertThat(ComponentOrigin.Source.BUILT_IN.jsonName()).isEqualTo("built-in");
        assertThat(new ComponentOrigin(ComponentOrigin.Source.PLUGIN, "plugins/k.jar", "1.0.0"))
                .hasToString("plugin, plugins/k.jar, version 1.0.0");
    }

    @Test
    void theJsonFormAndTheReportRowsCarryEveryFact() {
        Provenance p = Provenance.of("native", "cpu (2 threads)",
                List.of(new InitializerOrigin("he-normal", "he-normal",
                                new ComponentOrigin(ComponentOrigin.Source.BUILT_IN, "builtin.jar", "0.1.0")),
                        new InitializerOrigin("kumar-normal", "kumar-normal",
                                new ComponentOrigin(ComponentOrigin.Source.PLUGIN, "plugins/k.jar", "1.0.0"))),
                List.of(new DatasetFingerprint("train", "t.csv", 3, "ab".repeat(32))));
        assertThat(p.javaVersion()).isEqualTo(System.getProperty("java.version"));
        assertThat(p.os()).startsWith(System.getProperty("os.name")).endsWith("(" + System.getProperty("os.arch") + ")");
        Map<String, Object> m = p.toMap();
        assertThat(m).containsOnlyKeys("initlab_version", "java_version", "java_vendor", "os", "backend", "device",
                "initializers", "datasets");
        assertThat(m.get("initializers")).isEqualTo(List.of(
                Map.of("spec", "he-normal", "provider", "he-normal", "source", "built-in", "location", "builtin.jar",
                        "version", "0.1.0"),
                Map.of("spec", "kumar-normal", "provider", "kumar-normal", "source", "plugin",
                        "location", "plugins/k.jar", "version", "1.0.0")));
        assertThat(m.get("datasets")).isEqualTo(List.of(
                Map.of("role", "train", "name", "t.csv", "size", 3, "sha256", "ab".repeat(32))));
        assertThat(p.entries()).containsEntry("backend", "native (cpu (2 threads))")
                .containsEntry("initializer kumar-normal", "kumar-normal from plugin, plugins/k.jar, version 1.0.0")
                .containsEntry("train data", "t.csv, 3 samples, sha256 " + "ab".repeat(32));
    }
}
