package io.sparsesweep.cli;

import io.sparsesweep.core.SpecValidationException;
import io.sparsesweep.fitting.FitFailedException;
import io.sparsesweep.operator.logging.LogSetup;
import picocli.CommandLine;

/** Entry point of {@code ./sparsesweep}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        try {
            // SPARSESWEEP_LOG_FORMAT (text or json; the operator sets json in its pods when it
            // logs JSON itself) and SPARSESWEEP_LOG_LEVEL, before any logger exists.
            LogSetup.fromEnvironment(System.getenv(), "info");
        } catch (IllegalArgumentException e) {
            System.err.println(
                    "error: "
                            + LogSetup.FORMAT_ENV
                            + "/"
                            + LogSetup.LEVEL_ENV
                            + ": "
                            + e.getMessage());
            System.exit(ExitCodes.BAD_INPUT);
        }
        System.exit(exec(args));
    }

    /** Runs the command line and returns its exit code; tests call this instead of main. */
    public static int exec(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, so tests can redirect its output. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The command line with a factory for its commands (tests substitute collaborators). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(new SparsesweepCommand(), factory);
        cl.setExecutionExceptionHandler(new ExceptionHandler());
        cl.setParameterExceptionHandler(
                (ex, args) -> {
                    CommandLine failed = ex.getCommandLine();
                    failed.getErr().println("error: " + ex.getMessage());
                    if (!CommandLine.UnmatchedArgumentException.printSuggestions(
                            ex, failed.getErr())) {
                        failed.getErr()
                                .println(
                                        "Run '"
                                                + failed.getCommandSpec().qualifiedName()
                                                + " --help' for usage.");
                    }
                    return ExitCodes.BAD_INPUT;
                });
        return cl;
    }

    /** Maps exceptions thrown by commands to exit codes and one readable line. */
    static final class ExceptionHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(
                Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
            if (ex instanceof SpecValidationException invalid) {
                // One line per error, each starting with file:line:column where there is one.
                invalid.errors().forEach(e -> cmd.getErr().println("error: " + e));
                return ExitCodes.BAD_INPUT;
            }
            if (BadInput.isBadInput(ex)) {
                cmd.getErr().println("error: " + ex.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            if (ex instanceof FitFailedException) {
                cmd.getErr().println("failed: " + ex.getMessage());
                return ExitCodes.FAILURE;
            }
            cmd.getErr().println("failed: " + ex);
            if (System.getenv("SPARSESWEEP_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("(set SPARSESWEEP_DEBUG=1 for the stack trace)");
            }
            return ExitCodes.FAILURE;
        }
    }
}
