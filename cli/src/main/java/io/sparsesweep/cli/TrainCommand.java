package io.sparsesweep.cli;

import io.sparsesweep.operator.logging.LogSetup;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import io.sparsesweep.protocol.TrialExitCodes;
import io.sparsesweep.protocol.TrialResult;
import io.sparsesweep.protocol.ValueType;
import io.sparsesweep.runner.SigtermFlag;
import io.sparsesweep.runner.TrainConfig;
import io.sparsesweep.runner.TrainListener;
import io.sparsesweep.runner.Trainer;
import io.sparsesweep.runner.TrainingInterruptedException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sparsesweep train}: one training run; thin wrapper over {@link Trainer}. Its options are
 * made from the trial protocol's {@link TrainerFlag}s (names, defaults, help), so the CLI, the
 * planner and the trainer cannot disagree about a flag; values are read by {@link TrainerArgs}.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        modelTransformer = TrainCommand.ProtocolOptions.class,
        description = {
            "Train one ViT or byte-level LM with TensorFlow-Java (CPU), pruning gradually to the"
                    + " target sparsity (cubic schedule, per-tensor magnitude; unstructured or n:m"
                    + " along the input axis).",
            "Progress lines go to stderr; the one-line result JSON goes to stdout and to --result."
        },
        exitCodeListHeading = "%nExit codes:%n")
final class TrainCommand implements Callable<Integer> {
    static final Path TERMINATION_LOG = Path.of("/dev/termination-log");

    @Spec CommandSpec spec;

    /** The flags given on the command line, as text (filled by the generated options). */
    final Map<TrainerFlag, String> given = new LinkedHashMap<>();

    /** Adds one option per protocol flag, and the protocol's exit codes, to the command. */
    public static final class ProtocolOptions implements CommandLine.IModelTransformer {
        public ProtocolOptions() {}

        @Override
        public CommandSpec transform(CommandSpec spec) {
            TrainCommand command = (TrainCommand) spec.userObject();
            for (TrainerFlag f : TrainerFlag.values()) {
                if (f.type() == ValueType.NEGATABLE_SWITCH) {
                    spec.addOption(option(spec, command, f, f.flag(), "true"));
                    spec.addOption(option(spec, command, f, f.negatedFlag(), "false"));
                } else {
                    spec.addOption(
                            option(
                                    spec,
                                    command,
                                    f,
                                    f.flag(),
                                    f.type().isSwitch() ? "true" : null));
                }
            }
            Map<String, String> codes = new LinkedHashMap<>();
            TrialExitCodes.meanings().forEach((code, text) -> codes.put(code.toString(), text));
            spec.usageMessage().exitCodeList(codes);
            return spec;
        }

        /** An option that records its text under {@code flag}; a switch records {@code value}. */
        private static OptionSpec option(
                CommandSpec spec,
                TrainCommand command,
                TrainerFlag flag,
                String name,
                String value) {
            boolean isSwitch = flag.type().isSwitch();
            ISetter setter =
                    new ISetter() {
                        @Override
                        public <T> T set(T v) {
                            // picocli resets every option (null / false) before parsing.
                            if (v == null || Boolean.FALSE.equals(v)) {
                                return null;
                            }
                            if (command.given.containsKey(flag)) {
                                throw new CommandLine.ParameterException(
                                        spec.commandLine(), flag.flag() + " is given twice");
                            }
                            command.given.put(flag, isSwitch ? value : (String) v);
                            return null;
                        }
                    };
            OptionSpec.Builder b =
                    OptionSpec.builder(name).description(describe(flag, name)).setter(setter);
            if (isSwitch) {
                b.type(boolean.class).arity("0");
            } else {
                b.type(String.class).arity("1").paramLabel("<" + flag.type().label() + ">");
            }
            return b.build();
        }

        private static String describe(TrainerFlag flag, String name) {
            String text;
            if (name.equals(flag.negatedFlag())) {
                text = "Turns " + flag.flag() + " off.";
            } else if (flag.type() == ValueType.SWITCH) {
                text = flag.description();
            } else {
                text = flag.description() + " (default: " + flag.defaultText() + ")";
            }
            return text.replace("%", "%%"); // picocli formats descriptions
        }
    }

    TrainConfig config() {
        TrainerArgs args = TrainerArgs.of(given);
        if (!args.has(TrainerFlag.RESULT)) {
            args = args.with(TrainerFlag.RESULT, defaultResultFile());
        }
        return TrainConfig.from(args);
    }

    static Path defaultResultFile() {
        return Files.isRegularFile(TERMINATION_LOG) && Files.isWritable(TERMINATION_LOG)
                ? TERMINATION_LOG
                : null;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        TrainConfig config = config();
        AtomicBoolean stop = new AtomicBoolean();
        SigtermFlag.install(stop);
        TrainListener progress =
                LogSetup.isJson()
                        ? TrainerLog.json(config.run().steps(), System.getenv())
                        : TrainerLog.text(config.run().steps(), err);
        try {
            TrialResult r = new Trainer(stop::get).train(config, progress);
            out.println(r.toJson());
            out.flush();
            return ExitCodes.OK;
        } catch (TrainingInterruptedException e) {
            progress.onEvent("interrupted: " + e.getMessage());
            return ExitCodes.RETRYABLE;
        }
    }
}
