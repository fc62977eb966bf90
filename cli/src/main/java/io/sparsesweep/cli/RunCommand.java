package io.sparsesweep.cli;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.sparsesweep.cli.local.CommandTrialExecutor;
import io.sparsesweep.cli.local.LocalSweep;
import io.sparsesweep.cli.local.ProgressDisplay;
import io.sparsesweep.cli.local.SweepPlots;
import io.sparsesweep.cli.local.TrialExecutor;
import io.sparsesweep.core.SpecFitOptions;
import io.sparsesweep.core.SweepManifests;
import io.sparsesweep.core.TrainerCommands;
import io.sparsesweep.core.plan.PhaseDecision;
import io.sparsesweep.core.plan.PhaseDecision.FitJobState;
import io.sparsesweep.core.plan.SchedulingPolicy;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.core.result.ResultsCsvWriter;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.FittingSpec;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrainerSpec;
import io.sparsesweep.fitting.FitOptions;
import io.sparsesweep.fitting.FitPipeline;
import io.sparsesweep.fitting.FitReport;
import io.sparsesweep.fitting.ResultsCsv;
import io.sparsesweep.fitting.SweepData;
import io.sparsesweep.fitting.Utf8Text;
import io.sparsesweep.runner.SigtermFlag;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sparsesweep run}: a whole sweep on this machine, then the fit. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Runs a SparseSweep manifest on this machine and makes the operator's decisions:"
                    + " expands its grid with the operator's planner, trains every trial"
                    + " (--workers at a time) under the operator's scheduler (failed attempts"
                    + " retried per spec.failurePolicy, bad configuration and unusable results"
                    + " never), then, when the operator would, fits the law and prints it.",
            "",
            "What trains: without spec.trainer.command (or with 'sparsesweep train'), the"
                    + " built-in TensorFlow trainer in this JVM; spec.trainer.image is not used."
                    + " With another command (or --trainer-command), that program as a process per"
                    + " trial attempt, started in the current directory with the flags a trial pod"
                    + " gets (--checkpoint-dir and --result in the trial's folder), its exit code"
                    + " read as the operator reads it (0 result, 2 bad input, 75 checkpointed);"
                    + " Ctrl-C/SIGTERM reach it as SIGTERM.",
            "",
            "The output folder keeps per-trial results and checkpoints, results.csv (the columns"
                    + " 'fit' reads), fit.json and plots/. Running again with the same folder"
                    + " resumes: finished trials are not run again, a trial cut off mid-way resumes"
                    + " from its checkpoint. Ctrl-C or SIGTERM stops after a checkpoint (exit 75).",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the sweep is Complete, as the operator would say: trials within the failure policy"
                    + " and the law fitted (or spec.fitting.enabled: false)",
            "1:the sweep Failed, as the operator would say: trials failed past the failure"
                    + " policy, fewer than spec.fitting.minSucceededTrials succeeded, or the fit"
                    + " failed",
            "2:bad usage or an invalid manifest (nothing was trained)",
            "75:stopped by Ctrl-C/SIGTERM after checkpoints: run again to resume"
        })
final class RunCommand implements Callable<Integer> {
    /** The manifest run when none is given (a copy of examples/quickstart.yaml). */
    static final String EMBEDDED_DEFAULT = "/examples/quickstart.yaml";

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SWEEP.yaml",
            description =
                    "A SparseSweep manifest, as kubectl apply takes it (default: the embedded"
                            + " quickstart, examples/quickstart.yaml).")
    Path manifest;

    @Option(
            names = "--workers",
            paramLabel = "K",
            description =
                    "Trials trained at once (default: half the cores, at least 1; each gets"
                            + " cores/K TensorFlow threads unless the manifest sets threads).")
    Integer workers;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description = "Output folder (default: sweeps/<sweep name>).")
    Path output;

    @Option(
            names = "--dataset",
            paramLabel = "PATH",
            description =
                    "Use this data set instead of spec.dataset (where the data lives on this"
                            + " machine, when the manifest names a path inside the cluster's pods).")
    String dataset;

    @Option(
            names = "--trainer-command",
            paramLabel = "CMD",
            split = "\\s+",
            description =
                    "Run this trainer command instead of spec.trainer.command (where the trainer"
                            + " lives on this machine, when the manifest names a path inside its"
                            + " image), words separated by spaces, e.g. --trainer-command 'python3"
                            + " examples/trainers/python/tiny_trainer.py'.")
    List<String> trainerCommand;

    @Option(names = "--no-plots", description = "Skip the PNG/SVG figures.")
    boolean noPlots;

    @Option(
            names = "--dry-run",
            description = "Print the trials and their trainer flags, train nothing.")
    boolean dryRun;

    /** Replaced by tests with a fast executor; null means the manifest's trainer. */
    TrialExecutor executor;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String yaml = manifestText();
        // Validates: bad manifests fail here, naming the file, line and column.
        SparseSweep sweep = SweepManifests.parse(yaml, manifestName());
        if (dataset != null) {
            sweep.getSpec().setDataset(dataset);
        }
        List<Trial> trials = SweepPlanner.plan(sweep.getSpec());
        String name = sweep.getMetadata().getName();
        if (dryRun) {
            for (Trial t : trials) {
                out.println(t.id() + "  " + String.join(" ", t.trainArgs()));
            }
            out.println(trials.size() + " trials");
            return ExitCodes.OK;
        }
        Path dir = output != null ? output : Path.of("sweeps", name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sweep.yaml"), yaml, StandardCharsets.UTF_8);

        int cores = Runtime.getRuntime().availableProcessors();
        int k = workers != null ? workers : Math.max(1, cores / 2);
        if (k < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--workers must be at least 1, got " + k);
        }
        AtomicBoolean stop = new AtomicBoolean();
        installStopSignals(stop);
        TrialExecutor exec =
                executor != null ? executor : trainerFor(sweep, stop, Math.max(1, cores / k), err);
        var failurePolicy = sweep.getSpec().effectiveFailurePolicy();
        // The operator's scheduling policy, with this machine's workers as the parallelism.
        SchedulingPolicy policy =
                new SchedulingPolicy(
                        k,
                        false,
                        failurePolicy.maxAttempts(),
                        failurePolicy.effectiveMaxFailedTrials());
        err.printf(
                Locale.ROOT,
                "sweep %s: %d trials, %d worker(s), output %s, trainer %s%n",
                name,
                trials.size(),
                k,
                dir,
                exec instanceof CommandTrialExecutor ? exec : "built-in (TensorFlow, in this JVM)");
        err.flush();
        LocalSweep.Outcome outcome;
        PrintStream errStream =
                new PrintStream(new WriterOutputStream(err), true, StandardCharsets.UTF_8);
        try (ProgressDisplay progress = new ProgressDisplay(errStream, System.console() != null)) {
            outcome = new LocalSweep(trials, dir, policy, exec, progress, stop).run();
        }
        ResultsCsvWriter.Window window = ResultsCsvWriter.Window.of(sweep.getSpec().getTraining());
        writeAtomically(dir.resolve("results.csv"), outcome.resultsCsv(window));
        err.printf(
                Locale.ROOT,
                "%d of %d trials finished (%d from an earlier run), %d failed%n",
                outcome.finished().size(),
                outcome.total(),
                outcome.resumed(),
                outcome.failed().size());
        if (outcome.interrupted()) {
            err.println("stopped: run the same command again to resume from the checkpoints");
            return ExitCodes.RETRYABLE;
        }
        // The operator's phase decision on the same schedule: fit, or why not.
        FittingSpec fitting = sweep.getSpec().effectiveFitting();
        PhaseDecision decision =
                PhaseDecision.decide(
                        outcome.schedule(),
                        false,
                        fitting.fits(),
                        fitting.effectiveMinSucceededTrials(),
                        FitJobState.NONE,
                        null);
        FitReport report = null;
        SweepData data = null;
        FitOptions fitOptions = SpecFitOptions.of(sweep.getSpec());
        if (decision.phase() == SweepPhase.Fitting) {
            FitStatus fit = new FitStatus();
            try {
                data =
                        ResultsCsv.parse(
                                dir.resolve("results.csv").toString(),
                                new StringReader(outcome.resultsCsv(window)),
                                ResultsCsv.Columns.defaults());
                report = FitPipeline.run(data, fitOptions);
                fit.setState("Succeeded");
            } catch (IOException | RuntimeException e) {
                fit.setState("Failed");
                fit.setMessage(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            decision =
                    PhaseDecision.decide(
                            outcome.schedule(),
                            false,
                            true,
                            fitting.effectiveMinSucceededTrials(),
                            report != null ? FitJobState.SUCCEEDED : FitJobState.FAILED,
                            fit);
        }
        if (report != null) {
            writeAtomically(dir.resolve("fit.json"), report.toJson() + "\n");
            out.println(FitReportText.render(report));
            if (!noPlots) {
                List<Path> files =
                        SweepPlots.write(
                                dir.resolve("plots"),
                                data,
                                report.scalingLaw(),
                                "examples",
                                fitOptions.trainingCostFor(data));
                out.println();
                out.println("figures: " + files.size() + " files in " + dir.resolve("plots"));
            }
            out.println(
                    "results: " + dir.resolve("results.csv") + ", fit: " + dir.resolve("fit.json"));
        } else if (!fitting.fits()) {
            out.println("fitting disabled (spec.fitting.enabled: false); results in " + dir);
        }
        String verdict = decision.phase() + " (" + decision.reason() + "): " + decision.message();
        if (decision.phase() == SweepPhase.Complete) {
            err.println(verdict);
            return ExitCodes.OK;
        }
        err.println(verdict + "; errors are in " + dir.resolve("trials") + "/*/error.txt");
        return ExitCodes.FAILURE;
    }

    /**
     * The built-in trainer in this JVM, or the manifest's (or --trainer-command's) program as a
     * process per attempt; spec.trainer.env entries with valueFrom (Secrets, ConfigMaps, the pod's
     * fields) cannot be resolved here and are left to this process's environment, with a warning.
     */
    private TrialExecutor trainerFor(
            SparseSweep sweep, AtomicBoolean stop, int threads, PrintWriter err) {
        TrainerSpec trainer = sweep.getSpec().getTrainer();
        List<String> command =
                trainerCommand != null
                        ? trainerCommand
                        : trainer == null ? null : trainer.getCommand();
        if (TrainerCommands.isBuiltIn(command)) {
            return new TrainerTrialExecutor(stop::get, threads);
        }
        Map<String, String> env = new LinkedHashMap<>();
        List<EnvVar> vars =
                trainer == null || trainer.getEnv() == null ? List.of() : trainer.getEnv();
        for (int i = 0; i < vars.size(); i++) {
            EnvVar v = vars.get(i);
            if (v.getValueFrom() != null) {
                err.printf(
                        Locale.ROOT,
                        "spec.trainer.env[%d] (%s): valueFrom is not resolved by a local run; the"
                                + " trainer sees %s from this shell's environment, if set%n",
                        i,
                        v.getName(),
                        v.getName());
            } else {
                env.put(v.getName(), v.getValue() == null ? "" : v.getValue());
            }
        }
        return new CommandTrialExecutor(
                command,
                sweep.getMetadata().getName(),
                env,
                stop::get,
                threads,
                trainer == null ? null : trainer.getActiveDeadlineSeconds());
    }

    private String manifestText() throws IOException {
        if (manifest != null) {
            if (!Files.exists(manifest)) {
                throw new io.sparsesweep.core.SpecValidationException(
                        List.of(manifest + ": no such file"));
            }
            try {
                return Utf8Text.read(manifest);
            } catch (Utf8Text.BadTextException e) {
                throw new io.sparsesweep.core.SpecValidationException(List.of(e.getMessage()));
            } catch (IOException e) {
                throw new io.sparsesweep.core.SpecValidationException(
                        List.of(manifest + ": cannot read: " + e.getMessage()));
            }
        }
        try (InputStream in = RunCommand.class.getResourceAsStream(EMBEDDED_DEFAULT)) {
            if (in == null) {
                throw new IllegalStateException("the embedded quickstart manifest is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String manifestName() {
        return manifest != null ? manifest.toString() : "examples/quickstart.yaml (embedded)";
    }

    private static void installStopSignals(AtomicBoolean stop) {
        SigtermFlag.install(stop);
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> stop.set(true));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // No Ctrl-C handling on this platform: the JVM's default applies.
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Bridges picocli's writer (which tests capture) to the progress display's stream. */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final PrintWriter w;

        WriterOutputStream(PrintWriter w) {
            this.w = w;
        }

        @Override
        public void write(int b) {
            w.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            w.write(new String(b, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            w.flush();
        }
    }
}
