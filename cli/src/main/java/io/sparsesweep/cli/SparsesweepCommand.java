package io.sparsesweep.cli;

import picocli.CommandLine.Command;

/** The top-level command: only groups the subcommands. */
@Command(
        name = "sparsesweep",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Sweeps and scaling laws for sparsely-connected models.",
        subcommands = {
            // One line per subcommand; each lives in its own class.
            TrainCommand.class,
            FitCommand.class,
            RunCommand.class,
            TrainerCheckCommand.class,
            OperatorCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:failure while working",
            "2:bad usage or bad input",
            "75:training stopped by SIGTERM after a checkpoint (retry)"
        })
final class SparsesweepCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(),
                "missing subcommand (fit, train, run, trainer-check or operator)");
    }
}
