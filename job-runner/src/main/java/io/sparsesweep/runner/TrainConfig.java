package io.sparsesweep.runner;

import io.sparsesweep.protocol.FlagGroup;
import io.sparsesweep.protocol.SparsityPattern;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import io.sparsesweep.runner.model.OptimizerSpec;
import io.sparsesweep.runner.prune.NmPattern;
import java.nio.file.Path;

/**
 * Everything one training run needs; immutable. One record per {@link FlagGroup} of the trial
 * protocol, so a reader takes the group it needs ({@code c.pruning()}, {@code c.io()}) and the
 * values computed from several groups (the pruning window in steps, the warm-up in steps) are
 * methods here. Build with {@link #builder()}, whose defaults are those of {@code sparsesweep
 * train}; {@link #from} and {@link #args} convert from and to the protocol's flags. {@link
 * #validate()} (called by the trainer) rejects impossible values naming the flag.
 */
public record TrainConfig(
        Model model, Data data, Optimizer optimizer, Pruning pruning, Run run, Io io) {

    /** Mask updates over the pruning window when {@code --prune-every} is 0 (auto)... */
    public static final long AUTO_PRUNE_UPDATES = 10;

    /** ...at most one every this many steps: the paper's (jaxpruner's update_freq 100). */
    public static final long MAX_PRUNE_EVERY = 100;

    /** {@link FlagGroup#MODEL}: the architecture as given ({@link #effectiveWidth()} scales it). */
    public record Model(
            String task,
            int width,
            int depth,
            int heads,
            double mlpRatio,
            double scale,
            int seqLen,
            int patchSize) {
        static Model from(TrainerArgs a) {
            return new Model(
                    a.text(TrainerFlag.TASK),
                    a.intValue(TrainerFlag.WIDTH),
                    a.intValue(TrainerFlag.DEPTH),
                    a.intValue(TrainerFlag.HEADS),
                    a.decimal(TrainerFlag.MLP_RATIO),
                    a.decimal(TrainerFlag.SCALE),
                    a.intValue(TrainerFlag.SEQ_LEN),
                    a.intValue(TrainerFlag.PATCH_SIZE));
        }

        TrainerArgs into(TrainerArgs a) {
            return a.with(TrainerFlag.TASK, task)
                    .with(TrainerFlag.WIDTH, width)
                    .with(TrainerFlag.DEPTH, depth)
                    .with(TrainerFlag.HEADS, heads)
                    .with(TrainerFlag.MLP_RATIO, mlpRatio)
                    .with(TrainerFlag.SCALE, scale)
                    .with(TrainerFlag.SEQ_LEN, seqLen)
                    .with(TrainerFlag.PATCH_SIZE, patchSize);
        }
    }

    /** {@link FlagGroup#DATA}: what is read, in batches of how many examples. */
    public record Data(
            String dataset, boolean stripPosTags, int batchSize, double valFraction, int valSize) {
        static Data from(TrainerArgs a) {
            return new Data(
                    a.text(TrainerFlag.DATASET),
                    a.isOn(TrainerFlag.STRIP_POS_TAGS),
                    a.intValue(TrainerFlag.BATCH_SIZE),
                    a.decimal(TrainerFlag.VAL_FRACTION),
                    a.intValue(TrainerFlag.VAL_SIZE));
        }

        TrainerArgs into(TrainerArgs a) {
            return a.with(TrainerFlag.DATASET, dataset)
                    .with(TrainerFlag.STRIP_POS_TAGS, stripPosTags)
                    .with(TrainerFlag.BATCH_SIZE, batchSize)
                    .with(TrainerFlag.VAL_FRACTION, valFraction)
                    .with(TrainerFlag.VAL_SIZE, valSize);
        }
    }

    /**
     * {@link FlagGroup#OPTIMIZER}: the update rule and its learning-rate schedule.
     *
     * @param name "adafactor" or "adamw" (a record, not a string, is what {@code c.optimizer()}
     *     returns: compare {@code c.optimizer().name()})
     * @param lr peak learning rate; {@code NaN} means the optimizer's default (1e-2 for AdaFactor,
     *     whose step is relative to the parameter RMS, 1e-3 for AdamW)
     * @param warmupFraction warm-up as a fraction of the steps; {@code NaN} means {@code
     *     warmupSteps} steps
     */
    public record Optimizer(
            String name,
            double lr,
            String lrSchedule,
            long warmupSteps,
            double warmupFraction,
            double weightDecay,
            boolean adafactorFactored) {
        static Optimizer from(TrainerArgs a) {
            return new Optimizer(
                    a.text(TrainerFlag.OPTIMIZER),
                    a.decimal(TrainerFlag.LR),
                    a.text(TrainerFlag.LR_SCHEDULE),
                    a.longValue(TrainerFlag.WARMUP_STEPS),
                    a.decimal(TrainerFlag.WARMUP_FRACTION), // NaN when absent
                    a.decimal(TrainerFlag.WEIGHT_DECAY),
                    a.isOn(TrainerFlag.ADAFACTOR_FACTORED));
        }

        TrainerArgs into(TrainerArgs a) {
            return a.with(TrainerFlag.OPTIMIZER, name)
                    .with(TrainerFlag.LR, Double.isNaN(lr) ? null : lr)
                    .with(TrainerFlag.LR_SCHEDULE, lrSchedule)
                    .with(TrainerFlag.WARMUP_STEPS, warmupSteps)
                    .with(
                            TrainerFlag.WARMUP_FRACTION,
                            Double.isNaN(warmupFraction) ? null : warmupFraction)
                    .with(TrainerFlag.WEIGHT_DECAY, weightDecay)
                    .with(TrainerFlag.ADAFACTOR_FACTORED, adafactorFactored);
        }

        /** The optimizer both engines build their update rule from. */
        public OptimizerSpec spec() {
            return OptimizerSpec.of(name, weightDecay, adafactorFactored);
        }
    }

    /**
     * {@link FlagGroup#PRUNING}: the target and the window over which it is reached.
     *
     * @param sparsity target fraction of zeros; {@code NaN} means 0 for unstructured and {@code 1 −
     *     n/m} for n:m
     * @param pattern "unstructured" or "n:m"
     * @param start first step of the window as a fraction of the steps
     * @param end last step of the window as a fraction of the steps
     * @param every steps between mask updates; 0 means {@link #AUTO_PRUNE_UPDATES} updates over the
     *     window, at most one every {@link #MAX_PRUNE_EVERY} steps
     * @param embeddings whether the embeddings are pruned too
     */
    public record Pruning(
            double sparsity,
            String pattern,
            double start,
            double end,
            long every,
            boolean embeddings) {
        static Pruning from(TrainerArgs a) {
            return new Pruning(
                    a.decimal(TrainerFlag.SPARSITY),
                    a.text(TrainerFlag.PATTERN),
                    a.decimal(TrainerFlag.PRUNE_START),
                    a.decimal(TrainerFlag.PRUNE_END),
                    a.longValue(TrainerFlag.PRUNE_EVERY),
                    a.isOn(TrainerFlag.PRUNE_EMBEDDINGS));
        }

        TrainerArgs into(TrainerArgs a) {
            return a.with(TrainerFlag.SPARSITY, Double.isNaN(sparsity) ? null : sparsity)
                    .with(TrainerFlag.PATTERN, pattern)
                    .with(TrainerFlag.PRUNE_START, start)
                    .with(TrainerFlag.PRUNE_END, end)
                    .with(TrainerFlag.PRUNE_EVERY, every)
                    .with(TrainerFlag.PRUNE_EMBEDDINGS, embeddings);
        }

        /** The n:m pattern, or null for unstructured. */
        public NmPattern nmPattern() {
            return SparsityPattern.parse(pattern) instanceof SparsityPattern.Nm nm
                    ? new NmPattern(nm.n(), nm.m())
                    : null;
        }
    }

    /** {@link FlagGroup#RUN}: how long, from which seed, on which engine. */
    public record Run(long steps, long seed, String engine) {
        static Run from(TrainerArgs a) {
            return new Run(
                    a.longValue(TrainerFlag.STEPS),
                    a.longValue(TrainerFlag.SEED),
                    a.text(TrainerFlag.ENGINE));
        }

        TrainerArgs into(TrainerArgs a) {
            return a.with(TrainerFlag.STEPS, steps)
                    .with(TrainerFlag.SEED, seed)
                    .with(TrainerFlag.ENGINE, engine);
        }
    }

    /**
     * {@link FlagGroup#IO}: threads, XLA, checkpoints and outputs; none of it changes the run's
     * trajectory (so none of it is in {@link RunFingerprint}).
     *
     * @param xla "auto", "on" or "off" (tensorflow engine: {@link XlaChoice} resolves auto)
     * @param checkpointEvery steps between checkpoints; 0 = only on SIGTERM and at the end
     */
    public record Io(
            int threads,
            String xla,
            Path checkpointDir,
            long checkpointEvery,
            Path resultFile,
            Path exportMasks,
            long logEvery) {
        static Io from(TrainerArgs a) {
            return new Io(
                    a.intValue(TrainerFlag.THREADS),
                    a.text(TrainerFlag.XLA),
                    path(a, TrainerFlag.CHECKPOINT_DIR),
                    a.longValue(TrainerFlag.CHECKPOINT_EVERY),
                    path(a, TrainerFlag.RESULT),
                    path(a, TrainerFlag.EXPORT_MASKS),
                    a.longValue(TrainerFlag.LOG_EVERY));
        }

        private static Path path(TrainerArgs a, TrainerFlag flag) {
            return a.text(flag) == null ? null : Path.of(a.text(flag));
        }

        TrainerArgs into(TrainerArgs a) {
            return a.with(TrainerFlag.THREADS, threads)
                    .with(TrainerFlag.XLA, xla)
                    .with(TrainerFlag.CHECKPOINT_DIR, checkpointDir)
                    .with(TrainerFlag.CHECKPOINT_EVERY, checkpointEvery)
                    .with(TrainerFlag.RESULT, resultFile)
                    .with(TrainerFlag.EXPORT_MASKS, exportMasks)
                    .with(TrainerFlag.LOG_EVERY, logEvery);
        }
    }

    /** A builder starting from the protocol's defaults. */
    public static TrainConfigBuilder builder() {
        return new TrainConfigBuilder(TrainerArgs.defaults());
    }

    public TrainConfigBuilder toBuilder() {
        return new TrainConfigBuilder(args());
    }

    /** The configuration of a command line (every absent flag takes its protocol default). */
    public static TrainConfig from(TrainerArgs a) {
        return new TrainConfig(
                Model.from(a),
                Data.from(a),
                Optimizer.from(a),
                Pruning.from(a),
                Run.from(a),
                Io.from(a));
    }

    /** This configuration as the protocol's flags (the inverse of {@link #from}). */
    public TrainerArgs args() {
        TrainerArgs a = TrainerArgs.defaults();
        a = model.into(a);
        a = data.into(a);
        a = optimizer.into(a);
        a = pruning.into(a);
        a = run.into(a);
        return io.into(a);
    }

    /** The target sparsity with the pattern's default filled in. */
    public double targetSparsity() {
        return args().targetSparsity();
    }

    /** The peak learning rate with the optimizer's default filled in. */
    public double peakLr() {
        return args().peakLr();
    }

    /** First step of the pruning window, from the fraction (never after its last step). */
    public long pruneStartStep() {
        return Math.min(Math.round(pruning.start() * run.steps()), pruneEndStep());
    }

    /**
     * Last step of the pruning window, from the fraction: the step whose mask update reaches the
     * target. At most the last step of the run, so that update always happens ({@code --prune-end
     * 1} would otherwise name a step the run never takes).
     */
    public long pruneEndStep() {
        return Math.min(Math.round(pruning.end() * run.steps()), run.steps() - 1);
    }

    /**
     * Steps between mask updates: as given, or with 0 (auto) the window divided into {@link
     * #AUTO_PRUNE_UPDATES} (at least 1 step, at most {@link #MAX_PRUNE_EVERY}): the interval scales
     * with the run, so a 200-step run gets 11 updates, not the one that a fixed 100 gives.
     */
    public long effectivePruneEvery() {
        if (pruning.every() > 0) {
            return pruning.every();
        }
        long window = pruneEndStep() - pruneStartStep();
        return Math.max(1, Math.min(MAX_PRUNE_EVERY, window / AUTO_PRUNE_UPDATES));
    }

    /** Warm-up steps: {@code warmupFraction} of the run when set, else {@code warmupSteps}. */
    public long effectiveWarmupSteps() {
        return Double.isNaN(optimizer.warmupFraction())
                ? optimizer.warmupSteps()
                : Math.round(optimizer.warmupFraction() * run.steps());
    }

    /** Model width after {@code --scale} (see {@link TrainerArgs#effectiveWidth()}). */
    public int effectiveWidth() {
        return args().effectiveWidth();
    }

    /** Throws the protocol's {@code BadArgumentException} naming the first bad flag. */
    public TrainConfig validate() {
        args().validate();
        return this;
    }
}
