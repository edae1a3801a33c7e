package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.initlab.app.docs.ReferenceDocs;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The options that compare and sweep share are declared once: the same names, labels, defaults and help. */
class SharedOptionsTest {
    private static final List<String> SHARED = List.of("--metrics", "--metrics-port", "--metrics-bind", "--runner",
            "--master");

    @Test
    void compareAndSweepDescribeEverySharedOptionIdentically() {
        CommandLine cli = Main.commandLine(ReferenceDocs.injector());
        CommandLine compare = cli.getSubcommands().get("compare");
        CommandLine sweep = cli.getSubcommands().get("sweep");
        for (String name : SHARED) {
            OptionSpec a = compare.getCommandSpec().findOption(name);
            OptionSpec b = sweep.getCommandSpec().findOption(name);
            assertThat(a).as("compare %s", name).isNotNull();
            assertThat(b).as("sweep %s", name).isNotNull();
            assertThat(List.of(b.paramLabel(), String.valueOf(b.defaultValue()), String.join(" ", b.description())))
                    .as(name).containsExactly(a.paramLabel(), String.valueOf(a.defaultValue()),
                            String.join(" ", a.description()));
        }
    }

    @Test
    void metricsOptionsFromTheCommandLineReachBothCommands() {
        CommandLine cli = Main.commandLine(ReferenceDocs.injector());
        CommandLine.ParseResult compare = cli.parseArgs("compare", "--metrics", "logging", "--metrics-port", "0",
                "--metrics-bind", "::1");
        MetricsOptions m = ((CompareCommand) compare.subcommand().commandSpec().userObject()).metricsOptions;
        assertThat(List.of(m.metrics.orElseThrow(), m.metricsPort.orElseThrow().toString(), m.metricsBind))
                .containsExactly("logging", "0", "::1");

        CommandLine.ParseResult sweep = Main.commandLine(ReferenceDocs.injector()).parseArgs("sweep", "--metrics",
                "prometheus");
        MetricsOptions s = ((SweepCommand) sweep.subcommand().commandSpec().userObject()).o.metricsOptions;
        assertThat(s.metrics).contains("prometheus");
        assertThat(s.metricsPort).isEmpty();
        assertThat(s.metricsBind).isEqualTo(MetricsOptions.DEFAULT_BIND);
    }
}
