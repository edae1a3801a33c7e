package org.initlab.app;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import org.initlab.core.init.InitializerFailedException;
import org.initlab.core.plugin.PluginDirectory;
import picocli.CommandLine;

/**
 * Entry point of {@code initlab}. Exit codes: 0 success, 1 a run finished but failed, 2 bad input (one line
 * on stderr, the stack trace only with {@code --verbose}). Every error is one line ({@link ErrorLines}): parse
 * errors end with a pointer to the command's help, input containing line breaks is escaped, and running out
 * of heap or stack is a line naming what ran out (exit 2: an input too large for this JVM).
 */
public final class Main {
    static {
        // initlab's module needs no method interception, and Guice's class generation calls sun.misc.Unsafe,
        // which JDK 24+ announces with four warning lines on every start: use reflection instead
        if (System.getProperty("guice_bytecode_gen_option") == null) {
            System.setProperty("guice_bytecode_gen_option", "DISABLED");
        }
    }

    /** Exit code for bad input. */
    public static final int BAD_INPUT = 2;

    private Main() {
    }

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        TerminationSignal.install();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the launcher without exiting the JVM (for tests and embedding).
     *
     * @param args command-line arguments
     * @param out  standard output
     * @param err  standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        Injector injector;
        try {
            PluginDirectory plugins = PluginDirectory.open(pluginDirectory(args), Main.class.getClassLoader());
            injector = Guice.createInjector(Stage.PRODUCTION, new InitlabModule(Main.class.getClassLoader(), plugins));
        } catch (IllegalArgumentException | CreationException | ProvisionException e) {
            Throwable cause = userError(e);
            err.println("initlab: " + ErrorLines.escape(cause instanceof IllegalArgumentException ? cause.getMessage()
                    : ErrorLines.firstLine(cause.toString())));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return BAD_INPUT;
        }
        CommandLine cli = commandLine(injector);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) -> {
            err.println("initlab: " + ErrorLines.parseError(ex, "initlab " + commandPath(ex.getCommandLine())));
            err.flush();
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof java.io.UncheckedIOException
                    || ex instanceof InitializerFailedException) {
                err.println("initlab: " + ErrorLines.escape(ex.getMessage()));
            } else {
                err.println("initlab: internal error: " + ErrorLines.escape(ErrorLines.firstLine(ex.toString())));
            }
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ex instanceof IllegalArgumentException ? BAD_INPUT : 1;
        });
        try {
            return cli.execute(args);
        } catch (VirtualMachineError e) {
            // last resort: the commands check sizes before allocating, so this is an input nobody foresaw;
            // whatever was finished is already on disk (the journal is written trial by trial)
            CommandLine.ParseResult parsed = cli.getParseResult();
            err.println("initlab: " + ErrorLines.resourceExhausted(e, parsed != null && parsed.hasSubcommand()
                    ? parsed.subcommand().commandSpec().name() : ""));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return e instanceof OutOfMemoryError || e instanceof StackOverflowError ? BAD_INPUT : 1;
        }
    }

    /**
     * The command line as {@link #run} builds it, before its streams and error handlers are set: the commands
     * are created through Guice and enum values are case-insensitive. The reference-docs generator and the
     * test that parses every documented command use it, so they see exactly what users get.
     *
     * @param injector an injector made with {@link InitlabModule}
     * @return a new command line for {@code initlab} and its subcommands
     */
    public static CommandLine commandLine(Injector injector) {
        CommandLine cli = new CommandLine(InitlabCommand.class, new GuiceFactory(injector));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** The user-facing cause of a failure while wiring: Guice keeps provider exceptions in its messages. */
    private static Throwable userError(Throwable e) {
        java.util.Collection<com.google.inject.spi.Message> messages = e instanceof CreationException c
                ? c.getErrorMessages() : e instanceof ProvisionException p ? p.getErrorMessages() : java.util.List.of();
        for (com.google.inject.spi.Message m : messages) {
            if (m.getCause() != null) {
                return userError(m.getCause());
            }
        }
        Throwable cause = e;
        while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * The plugins directory: {@code --plugins DIR} anywhere on the command line, else
     * {@code $INITLAB_HOME/plugins}, else {@code ~/.initlab/plugins}. Read before parsing because the plugins
     * decide which initializers and backends the commands can use.
     */
    static Path pluginDirectory(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--plugins") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--plugins=")) {
                return Path.of(args[i].substring("--plugins=".length()));
            }
        }
        return PluginDirectory.defaultLocation(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    private static String commandPath(CommandLine commandLine) {
        StringBuilder path = new StringBuilder();
        for (CommandLine c = commandLine; c != null && c.getParent() != null; c = c.getParent()) {
            path.insert(0, c.getCommandName() + " ");
        }
        return path.toString();
    }
}
