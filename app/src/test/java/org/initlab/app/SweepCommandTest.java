package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code initlab sweep} end to end on a slice of the bundled MNIST, through the local runner. */
class SweepCommandTest {
    static final String SWEEP = """
            model: "mlp:784-16x{depth}-10:tanh"
            grid:
              depth: [1, 2]
              sw: [0.5, 1.0, 2.0]
            init: "scaled-normal(sigma_w={sw})"
            bias_init: "normal(std=0.05)"
            optimizer: "sgd(lr=0.01, momentum=0.9)"
            epochs: 1
            seeds: 2
            train_limit: 300
            test_limit: 100
            threads: 1
            plot:
              x: sw
              y: depth
            """;

    @TempDir
    Path tmp;

    private Path file(String text) throws Exception {
        Path f = tmp.resolve("sweep-" + System.nanoTime() + ".yaml");
        Files.writeString(f, text);
        return f;
    }

    static CliTest.Run sweep(Path file, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "-f", file.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void everyGridPointTimesSeedsIsOneRowWithEveryGridValueAndTheReportHasAHeatmap() throws Exception {
        Path out = tmp.resolve("out");
        CliTest.Run r = sweep(file(SWEEP), out);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("6 grid points x 2 seeds = 12 trials (12 to run)").contains("[12/12] depth=2 sw=2.0 seed 1")
                .contains("eta");
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertThat(csv).hasSize(13);
        assertThat(csv.get(0)).startsWith("point,depth,sw,seed,status,test_accuracy,");
        assertThat(csv.get(1)).startsWith("0,1,0.5,0,ok,");
        assertThat(csv.get(12)).startsWith("5,2,2.0,1,ok,").contains("mlp:784-16x2-10:tanh,scaled-normal(sigma_w=2.0)");
        assertThat(Files.readAllLines(out.resolve("sweep_points.csv"))).hasSize(7);
        JsonNode json = new ObjectMapper().readTree(out.resolve("sweep.json").toFile());
        assertThat(json.get("trials")).hasSize(12);
        assertThat(json.get("points")).hasSize(6);
        assertThat(json.get("points").get(4).get("values").get("sw").asText()).isEqualTo("1.0");
        assertThat(json.get("points").get(4).get("trials").asInt()).isEqualTo(2);
        assertThat(json.get("grid").get("depth")).hasSize(2);
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("alt=\"heatmap of test_accuracy\"").contains("alt=\"line chart of test_accuracy "
                + "along sw\"").doesNotContain("src=\"http");
        assertThat(Files.readAllLines(out.resolve("trials.jsonl"))).hasSize(12);
        assertThat(r.out()).startsWith("point,depth,sw,trials,ok,test_accuracy_mean");

        // a resumed sweep that is complete starts no runner and rewrites the same table
        List<String> journal = Files.readAllLines(out.resolve("trials.jsonl"));
        CliTest.Run resumed = sweep(file(SWEEP), out, "--resume", "--runner", "local");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("= 12 trials (0 to run), backend native, runner none needed");
        assertThat(Files.readAllLines(out.resolve("trials.jsonl"))).isEqualTo(journal);
        assertThat(Files.readAllLines(out.resolve("sweep.csv"))).isEqualTo(csv);

        // sweep.yaml reproduces the run: same trials, same numbers
        Path again = tmp.resolve("again");
        CliTest.Run r2 = sweep(out.resolve("sweep.yaml"), again, "--quiet");
        assertThat(r2.code()).as(r2.err()).isZero();
        assertThat(column(again, 5)).isEqualTo(column(out, 5));
    }

    private static List<String> column(Path out, int index) throws Exception {
        return Files.readAllLines(out.resolve("sweep.csv")).stream().map(l -> l.split(",")[index]).toList();
    }

    @Test
    void flagsGiveTheSameSweepAsAFileAndWinOverIt() throws Exception {
        Path out = tmp.resolve("flags");
        CliTest.Run r = CliTest.run("sweep", "--model", "mlp:784-16-10:tanh", "--init", "scaled-normal(sigma_w={sw})",
                "--grid", "sw=0.5,1.0", "--grid", "lr=0.01,0.1", "--optimizer", "sgd(lr={lr})", "--epochs", "1",
                "--train-limit", "300", "--test-limit", "100", "--threads", "1", "--plot", "sw,lr,train_loss",
                "--out", out.toString(), "--quiet");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("sweep.csv"))).hasSize(5).element(4)
                .asString().startsWith("3,1.0,0.1,0,ok,").contains("sgd(lr=0.1)");
        assertThat(Files.readString(out.resolve("report.html"))).contains("heatmap of train_loss");

        Path seeds = tmp.resolve("seeds");
        CliTest.Run r2 = sweep(file(SWEEP), seeds, "--seeds", "1", "--grid", "depth=1", "--quiet");
        assertThat(r2.code()).as(r2.err()).isZero();
        assertThat(Files.readAllLines(seeds.resolve("sweep.csv"))).hasSize(1 + 3);
    }

    @Test
    void twoTrialsAtOnceGiveTheSameNumbersAsOneAfterTheOther() throws Exception {
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        assertThat(sweep(file(SWEEP), one, "--quiet").code()).isZero();
        CliTest.Run r = sweep(file(SWEEP), two, "--parallel", "2");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("2 trials at once x 1 thread");
        for (int c : new int[] {5, 6, 7}) {
            assertThat(column(two, c)).as("column %d", c).isEqualTo(column(one, c));
        }
    }

    @Test
    void resumeAfterKillMinusNineCompletesWithoutDuplicates() throws Exception {
        Path out = tmp.resolve("killed");
        Path f = file(SWEEP.replace("depth: [1, 2]", "depth: [1, 2, 3, 4]").replace("seeds: 2", "seeds: 3"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "sweep", "-f", f.toString(), "--out", out.toString(), "--quiet").redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            Path journal = out.resolve("trials.jsonl");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && p.isAlive()
                    && (!Files.exists(journal) || Files.readAllLines(journal).size() < 3)) {
                Thread.sleep(20);
            }
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        } finally {
            p.destroyForcibly();
        }
        int before = Files.readAllLines(out.resolve("trials.jsonl")).size();
        assertThat(before).as(Files.readString(tmp.resolve("child.log"))).isBetween(3, 35);

        CliTest.Run r = sweep(f, out, "--resume");

        assertThat(r.code()).as(r.err()).isZero();
        List<String> journal = Files.readAllLines(out.resolve("trials.jsonl"));
        assertThat(journal).hasSize(36);
        Set<String> specs = new HashSet<>();
        for (String line : journal) {
            assertThat(specs.add(new ObjectMapper().readTree(line).get("spec").toString())).as(line).isTrue();
        }
        assertThat(Files.readAllLines(out.resolve("sweep.csv"))).hasSize(37);
        assertThat(r.err()).doesNotContain("[1/36]");
    }

    @Test
    void metricsCountFinishedAndFailedTrialsAndTheRemainingOnes() throws Exception {
        Path out = tmp.resolve("metrics");
        CliTest.Run r = sweep(file(SWEEP.replace("depth: [1, 2]", "depth: [1]")), out, "--metrics", "prometheus",
                "--metrics-port", "0", "--quiet");

        assertThat(r.code()).as(r.err()).isZero();
        String scrape = Files.readString(out.resolve("metrics.prom"));
        assertThat(scrape).contains("initlab_sweep_trials_finished_total{runner=\"local\"} 6.0")
                .contains("initlab_sweep_trials_failed_total{runner=\"local\"} 0.0")
                .contains("initlab_sweep_trials_remaining{runner=\"local\"} 0.0");
    }

    @Test
    void badGridsAndPlaceholdersAreOneLineErrors() throws Exception {
        assertOneLine(sweep(file(SWEEP.replace("{depth}", "{width}")), tmp.resolve("a")),
                "model 'mlp:784-16x{width}-10:tanh': placeholder {width} names no grid axis (axes: depth, sw)");
        assertOneLine(sweep(file(SWEEP.replace("depth: [1, 2]", "depth: []")), tmp.resolve("b")),
                "grid axis 'depth' has no values");
        assertOneLine(sweep(file(SWEEP.replace("depth: [1, 2]", "depth: {a: 1}")), tmp.resolve("c")),
                "field 'grid'");
        assertOneLine(sweep(file(SWEEP.replace("x: sw", "x: width")), tmp.resolve("d")),
                "plot: x and y must name grid axes (depth, sw), got 'width'");
        assertOneLine(sweep(file(SWEEP.replace("sw: [0.5, 1.0, 2.0]", "sw: [0.5, -1]")), tmp.resolve("e")),
                "grid point depth=1 sw=-1: option 'sigma_w' of scaled-normal must be >= 0, got -1");
        assertOneLine(sweep(file(SWEEP), tmp.resolve("f"), "--max-trials", "11"),
                "the sweep has 12 trials (6 grid points x 2 seeds), more than the limit of 11; raise --max-trials");
        assertOneLine(sweep(file(SWEEP), tmp.resolve("g"), "--runner", "spark"),
                "runner 'spark' is not on the class path (available: local); add the runner-spark module");
        assertOneLine(sweep(file(SWEEP), tmp.resolve("h"), "--master", "local[2]"),
                "runner 'local' has no option 'master'");
        assertThat(tmp.resolve("a")).doesNotExist();
    }

    @Test
    void aGridOfMoreThanAHundredThousandPointsIsRefusedUnlessMaxTrialsAllowsIt() throws Exception {
        StringBuilder axis = new StringBuilder("[");
        for (int i = 1; i <= 400; i++) {
            axis.append(i == 1 ? "" : ", ").append(i);
        }
        String big = SWEEP.replace("depth: [1, 2]", "depth: " + axis + "]").replace("sw: [0.5, 1.0, 2.0]",
                "sw: " + axis + "]").replace("seeds: 2", "seeds: 1");
        assertOneLine(sweep(file(big), tmp.resolve("big")),
                "the sweep has 160000 trials (160000 grid points x 1 seed), more than the limit of 100000");
        // allowed, it gets as far as checking the settings (depth 400 of 16 units is a valid model, sw=400 too),
        // and then an unknown runner stops it before any training
        assertOneLine(sweep(file(big), tmp.resolve("big2"), "--max-trials", "200000", "--runner", "none"),
                "runner 'none' is not on the class path");
    }

    @Test
    void aSecondSweepIntoAFinishedDirectoryNeedsResumeOrForceAndTheDirectoryHasOneWriter() throws Exception {
        String small = SWEEP.replace("depth: [1, 2]", "depth: [1]").replace("sw: [0.5, 1.0, 2.0]", "sw: [1.0]")
                .replace("seeds: 2", "seeds: 1");
        Path sweepFile = file(small);
        Path out = tmp.resolve("once");
        assertThat(sweep(sweepFile, out, "--quiet").code()).isZero();
        byte[] journal = Files.readAllBytes(out.resolve(TrialJournal.FILE));

        assertOneLine(sweep(sweepFile, out, "--quiet"), "already holds a run");
        assertThat(Files.readAllBytes(out.resolve(TrialJournal.FILE))).isEqualTo(journal);
        assertOneLine(sweep(sweepFile, out, "--resume", "--force"), "contradict");

        try (OutputDirectoryLock held = OutputDirectoryLock.acquire("--out", out, w -> { })) {
            assertOneLine(sweep(sweepFile, out, "--resume", "--quiet"), "in use by another initlab run");
        }
        CliTest.Run forced = sweep(sweepFile, out, "--force", "--quiet");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(Files.readAllLines(out.resolve(TrialJournal.FILE))).hasSize(1);
    }

    @Test
    void sweepFilesAreReadWithTheExperimentFilesChecks() throws Exception {
        assertOneLine(sweep(Path.of("/dev/zero"), tmp.resolve("z")), "sweep file /dev/zero is not a regular file");
        assertOneLine(sweep(file(SWEEP + "epochs: 2\n"), tmp.resolve("d")), "field 'epochs' is given twice");
        assertOneLine(sweep(file(SWEEP.replace("seeds: 2", "seeds: 1.7")), tmp.resolve("s")), "field 'seeds'");
        assertOneLine(sweep(file(SWEEP + "---\nepochs: 3\n"), tmp.resolve("t")), "more than one YAML document");
        assertThat(tmp.resolve("z")).doesNotExist();
    }

    @Test
    void threadsSeedsAndModelSizesAreCheckedAsCompareChecksThem() throws Exception {
        assertOneLine(sweep(file(SWEEP), tmp.resolve("t"), "--threads", "100000"), "--threads must be between 1 and ");
        assertOneLine(sweep(file(SWEEP), tmp.resolve("s"), "--seed", Long.toString(Long.MAX_VALUE)),
                "go past the largest seed");
        assertOneLine(sweep(file(SWEEP.replace("16x{depth}", "1048576x{depth}")), tmp.resolve("m")),
                "--model mlp:784-1048576x1-10:tanh");
        assertThat(tmp.resolve("t")).doesNotExist();
    }

    private static void assertOneLine(CliTest.Run r, String fragment) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("initlab: ").contains(fragment).doesNotContain("\tat ");
    }
}
