package org.initlab.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code initlab} command. */
@Command(name = "initlab", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Pick, inspect and compare neural-network weight initializers.",
        subcommands = {ListCommand.class, CompareCommand.class, InspectCommand.class, SampleCommand.class,
                InitCommand.class, BenchCommand.class, SweepCommand.class, CoordCheckCommand.class},
        footer = {"", "Run 'initlab compare' for the classic experiment: MLP 784-512-128-10 on MNIST with zero, "
                + "random, Xavier and He initialization."})
public final class InitlabCommand implements Runnable {
    @Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    @Option(names = "--plugins", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Plugins directory: every jar in it is loaded in its own class loader "
                    + "(default: $INITLAB_HOME/plugins, else ~/.initlab/plugins).")
    java.nio.file.Path plugins;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
