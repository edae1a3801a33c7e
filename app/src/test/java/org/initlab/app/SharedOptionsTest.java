package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.initlab.app.docs.ReferenceDocs;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options that commands share are declared once (compare and sweep: metrics and runner; compare, inspect and
 * bench: the model and the initialization): the same names, labels, defaults and help.
 */
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
    void compareInspectAndBenchDescribeTheModelAndInitOptionsIdentically() {
        CommandLine cli = Main.commandLine(ReferenceDocs.injector());
        CommandLine compare = cli.getSubcommands().get("compare");
        for (String other : List.of("inspect", "bench")) {
            CommandLine command = cli.getSubcommands().get(other);
            for (String name : List.of("--model", "--init", "--bias-init", "--init-rule")) {
                OptionSpec a = compare.getCommandSpec().findOption(name);
                OptionSpec b = command.getCommandSpec().findOption(name);
                if (other.equals("bench") && !name.equals("--model")) {
                    assertThat(b).as("bench %s", name).isNull();
                    continue;
                }
                assertThat(b).as("%s %s", other, name).isNotNull();
                assertThat(List.of(b.paramLabel(), String.valueOf(b.defaultValue()), String.join(" ", b.description()),
                        b.arity().toString())).as("%s %s", other, name).containsExactly(a.paramLabel(),
                        String.valueOf(a.defaultValue()), String.join(" ", a.description()), a.arity().toString());
            }
        }
    }

    @Test
    void modelAndInitOptionsFromTheCommandLineReachCompareAndInspect() {
        String[] options = {"--model", "mlp:4-3-2:tanh", "--init", "he-normal,lsuv(pre=he-normal)", "--init",
            "zeros", "--bias-init", "constant(0.1)", "--init-rule", "0.weight=orthogonal"};
        for (String command : List.of("compare", "inspect")) {
            String[] args = new String[options.length + 1];
            args[0] = command;
            System.arraycopy(options, 0, args, 1, options.length);
            Object user = Main.commandLine(ReferenceDocs.injector()).parseArgs(args).subcommand().commandSpec()
                    .userObject();
            NetworkOptions init = user instanceof CompareCommand c ? c.networkOptions
                    : ((InspectCommand) user).networkOptions;
            assertThat(init.network().spec()).as(command).isEqualTo("mlp:4-3-2:tanh");
            assertThat(init.weightSpecs()).as(command).containsExactly("he-normal", "lsuv(pre=he-normal)", "zeros");
            assertThat(init.biasInit).as(command).isEqualTo("constant(0.1)");
            assertThat(init.rules).as(command).containsExactly("0.weight=orthogonal");
        }
        NetworkOptions defaults = new NetworkOptions();
        assertThat(defaults.weightSpecs()).containsExactly("zeros", "normal(std=0.01)", "xavier-normal", "he-normal");
        assertThat(new ModelOption().model).isEqualTo("mlp:784-512-128-10:relu");
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
