package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken plugins (issue 12, items 2 and 6): a provider whose name() is null or throws is one line among
 * {@code list}'s problems naming its jar; an initializer that throws or recurses without end fails its own
 * trials while the others run and are written; running out of memory is one line, with what was finished kept.
 */
class PluginFailureTest {
    private static final String PKG = "org.example.broken";
    private static final String[] SMALL = {"--model", "mlp:784-16-10", "--train-limit", "100", "--test-limit", "50",
            "--epochs", "1", "--seeds", "1", "--threads", "1"};

    @TempDir
    static Path tmp;
    static Path plugins;
    static Path jar;

    @BeforeAll
    static void buildPlugin() throws IOException {
        plugins = tmp.resolve("plugins");
        jar = plugins.resolve("broken-plugin.jar");
        TestPluginJars.build(tmp.resolve("build"), jar, Map.of(
                PKG + ".NullName", TestPluginJars.provider(PKG, "NullName", null, "java.util.Arrays.fill(values, 0f);"),
                PKG + ".ThrowingName", TestPluginJars.provider(PKG, "ThrowingName", "x", "")
                        .replace("return \"x\";", "throw new IllegalStateException(\"no name today\");"),
                PKG + ".Boom", TestPluginJars.provider(PKG, "Boom", "boom",
                        "throw new IllegalStateException(\"boom at \" + parameter.path());"),
                PKG + ".Deep", TestPluginJars.provider(PKG, "Deep", "deep", "values[0] = recurse(0);"),
                PKG + ".Hog", TestPluginJars.provider(PKG, "Hog", "hog",
                        // fills the two weights in compare's up-front check, then runs out in its trial
                        "if (++calls > 2) { throw new OutOfMemoryError(\"Java heap space\"); }")),
                List.of(PKG + ".NullName", PKG + ".ThrowingName", PKG + ".Boom", PKG + ".Deep", PKG + ".Hog"));
    }

    private static CliTest.Run run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--plugins";
        all[1] = plugins.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliTest.run(all);
    }

    private static String[] compare(Path out, String inits) {
        String[] args = new String[SMALL.length + 6];
        args[0] = "compare";
        System.arraycopy(SMALL, 0, args, 1, SMALL.length);
        args[SMALL.length + 1] = "--init";
        args[SMALL.length + 2] = inits;
        args[SMALL.length + 3] = "--out";
        args[SMALL.length + 4] = out.toString();
        args[SMALL.length + 5] = "--quiet";
        return args;
    }

    @Test
    void providersWithoutANameAreOneProblemLineEachNamingTheJar() {
        CliTest.Run r = run("list");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("boom").contains("deep");
        List<String> problems = r.out().lines().filter(l -> l.contains("is broken")).toList();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains(PKG + ".NullName").contains(jar.toString())
                .contains("name() returned null");
        assertThat(problems.get(1)).contains(PKG + ".ThrowingName").contains(jar.toString())
                .contains("name() threw java.lang.IllegalStateException: no name today");
        assertThat(r.out() + r.err()).doesNotContain("Guice").doesNotContain("\tat ");
    }

    @Test
    void anInitializerThatThrowsFailsItsTrialAndTheOthersRun() throws IOException {
        Path out = tmp.resolve("boom-out");
        CliTest.Run r = run(compare(out, "boom,he-normal"));
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        JsonNode trials = new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("trials");
        assertThat(trials).hasSize(2);
        assertThat(trials.get(0).get("status").asText()).isEqualTo("failed");
        assertThat(trials.get(0).get("message").asText())
                .contains("boom failed on 0.weight").contains("IllegalStateException: boom at 0.weight");
        assertThat(trials.get(1).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void anInitializerThatRecursesForeverFailsItsTrial() throws IOException {
        Path out = tmp.resolve("deep-out");
        CliTest.Run r = run(compare(out, "deep,he-normal"));
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        JsonNode trials = new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("trials");
        assertThat(trials.get(0).get("status").asText()).isEqualTo("failed");
        assertThat(trials.get(0).get("message").asText()).contains("deep failed on 0.weight")
                .contains("StackOverflowError");
        assertThat(trials.get(1).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void runningOutOfMemoryIsOneLineAndKeepsTheFinishedTrials() throws IOException {
        Path out = tmp.resolve("hog-out");
        CliTest.Run r = run(compare(out, "he-normal,hog"));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("initlab: 'compare' ran out of memory (Java heap space")
                .contains("-Xmx").doesNotContain("\tat ");
        assertThat(Files.readAllLines(out.resolve(TrialJournal.FILE))).hasSize(1)
                .allMatch(l -> l.contains("\"he-normal\""));
    }
}
