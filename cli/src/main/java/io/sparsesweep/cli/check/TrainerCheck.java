package io.sparsesweep.cli.check;

import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs a candidate trainer through the contract's clauses: a short run, a bad flag, a bad value,
 * SIGTERM mid-run and the rerun that must resume. Each run gets its own folder under {@code
 * workDir}; the verdicts come from {@link Judge}.
 */
public final class TrainerCheck {
    /**
     * @param timeout the longest any one run may take
     * @param grace how long a trainer has to exit after SIGTERM (Kubernetes' default grace period
     *     is 30 s)
     * @param sigtermDelay how long after the trainer's first line of output SIGTERM is sent
     * @param resumeSteps the steps of the run that gets SIGTERM (and of its rerun)
     * @param trial the flags of the short run (tiny model, few steps); the other runs derive theirs
     */
    public record Options(
            Duration timeout,
            Duration grace,
            Duration sigtermDelay,
            long resumeSteps,
            TrainerArgs trial) {}

    /** Variables a trial pod has (contract) and ones no trainer knows, which it must ignore. */
    static final Map<String, String> ENVIRONMENT =
            Map.of(
                    "SPARSESWEEP_SWEEP", "trainer-check",
                    "SPARSESWEEP_TRIAL", "trainer-check-t0",
                    "SPARSESWEEP_ATTEMPT", "1",
                    "SPARSESWEEP_TRAINER_CHECK_UNKNOWN", "a variable no trainer knows",
                    "TRAINER_CHECK_UNRELATED", "x=1;y=2");

    /** The short run's flags: a tiny model, a non-default grid point, one thread. */
    public static TrainerArgs defaultTrial() {
        return TrainerArgs.parse(
                List.of(
                        "--task",
                        "lm",
                        "--width",
                        "16",
                        "--depth",
                        "1",
                        "--heads",
                        "2",
                        "--mlp-ratio",
                        "2",
                        "--seq-len",
                        "8",
                        "--batch-size",
                        "4",
                        "--val-size",
                        "4",
                        "--steps",
                        "12",
                        "--seed",
                        "7",
                        "--sparsity",
                        "0.5",
                        "--pattern",
                        "2:4",
                        "--optimizer",
                        "adamw",
                        "--prune-every",
                        "2",
                        "--warmup-steps",
                        "2",
                        "--log-every",
                        "5",
                        "--threads",
                        "1"));
    }

    private final List<String> command;
    private final Path workDir;
    private final Options options;
    private final TrainerLauncher launcher;

    public TrainerCheck(List<String> command, Path workDir, Options options) {
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.options = options;
        this.launcher = new TrainerLauncher();
    }

    /** Runs every clause; each verdict is handed to {@code onVerdict} as soon as it is known. */
    public List<Verdict> run(Consumer<Verdict> onVerdict) throws IOException, InterruptedException {
        List<Verdict> all = new ArrayList<>();
        Consumer<Verdict> add =
                v -> {
                    all.add(v);
                    onVerdict.accept(v);
                };
        TrainerArgs trial = options.trial();

        TrainerArgs shortArgs = place(trial, "short-run");
        TrainerRun shortRun = launch(shortArgs, ENVIRONMENT, null);
        String result = readResult(shortArgs);
        Verdict shortVerdict = Judge.shortRun(shortRun);
        add.accept(shortVerdict);
        add.accept(Judge.resultFile(result));
        add.accept(Judge.gridPoint(result, shortArgs));
        add.accept(Judge.stdoutResult(shortRun, result));
        add.accept(Judge.unknownEnv(shortVerdict, ENVIRONMENT.keySet().stream().sorted().toList()));

        add.accept(
                badInput(
                        Clause.BAD_FLAG,
                        place(trial, "bad-flag"),
                        List.of("--trainer-check-no-such-flag", "1"),
                        List.of("--trainer-check-no-such-flag")));
        add.accept(
                badInput(
                        Clause.BAD_VALUE,
                        place(trial, "bad-value")
                                .with(TrainerFlag.PATTERN, "unstructured")
                                .without(TrainerFlag.SPARSITY),
                        List.of("--sparsity", "1.5"),
                        List.of("sparsity", "1.5")));

        TrainerArgs longArgs =
                place(trial, "sigterm").with(TrainerFlag.STEPS, options.resumeSteps());
        TrainerRun stopped =
                launch(
                        longArgs,
                        ENVIRONMENT,
                        new TrainerLauncher.SigtermPlan(
                                options.sigtermDelay(), options.timeout(), options.grace()));
        Verdict sigterm = Judge.sigterm(stopped, entries(checkpointDir(longArgs)));
        add.accept(sigterm);
        Files.deleteIfExists(resultFile(longArgs));
        TrainerRun rerun =
                sigterm.passed()
                        ? launch(longArgs, attempt2(), null)
                        : new TrainerRun(null, "", "", 0, -1);
        add.accept(Judge.resume(sigterm, rerun, readResult(longArgs), longArgs));
        return all;
    }

    /** The trial's flags with a checkpoint folder and a result file of the run's own. */
    private TrainerArgs place(TrainerArgs trial, String run) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(run));
        return trial.with(TrainerFlag.CHECKPOINT_DIR, dir.resolve("checkpoints").toString())
                .with(TrainerFlag.RESULT, dir.resolve("result.json").toString());
    }

    private TrainerRun launch(
            TrainerArgs args, Map<String, String> env, TrainerLauncher.SigtermPlan sigterm)
            throws IOException, InterruptedException {
        return launcher.run(withCommand(args.toArgs()), env, options.timeout(), sigterm);
    }

    /**
     * Runs the trainer with {@code args} and then {@code bad}, which it must refuse as bad input
     * (exit 2) with a message naming {@code named}.
     */
    private Verdict badInput(Clause clause, TrainerArgs args, List<String> bad, List<String> named)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(args.toArgs());
        all.addAll(bad);
        return Judge.badInput(
                clause,
                String.join(" ", bad),
                launcher.run(withCommand(all), ENVIRONMENT, options.timeout()),
                named);
    }

    private List<String> withCommand(List<String> args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(args);
        return all;
    }

    private static Map<String, String> attempt2() {
        Map<String, String> env = new LinkedHashMap<>(ENVIRONMENT);
        env.put("SPARSESWEEP_ATTEMPT", "2");
        return env;
    }

    private static Path resultFile(TrainerArgs args) {
        return Path.of(args.text(TrainerFlag.RESULT));
    }

    private static Path checkpointDir(TrainerArgs args) {
        return Path.of(args.text(TrainerFlag.CHECKPOINT_DIR));
    }

    private static String readResult(TrainerArgs args) throws IOException {
        Path f = resultFile(args);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        // Bounded read: the protocol's line is at most 4 KiB; a runaway file is refused anyway.
        byte[] bytes;
        try (var in = Files.newInputStream(f)) {
            bytes = in.readNBytes(64 * 1024);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
