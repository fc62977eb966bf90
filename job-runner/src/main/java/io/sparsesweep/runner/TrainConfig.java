package io.sparsesweep.runner;

import io.sparsesweep.protocol.SparsityPattern;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import io.sparsesweep.runner.model.OptimizerSpec;
import io.sparsesweep.runner.prune.NmPattern;
import java.nio.file.Path;

/**
 * Everything one training run needs; immutable. Build with {@link #builder()}, whose defaults are
 * those of {@code sparsesweep train}; {@link #from} and {@link #args} convert from and to the trial
 * protocol's flags. {@link #validate()} (called by the trainer) rejects impossible values naming
 * the flag. The builder's {@code lr} and {@code sparsity} take {@code NaN} for the default.
 *
 * @param lr peak learning rate; {@code NaN} means the optimizer's default (1e-2 for AdaFactor,
 *     whose step is relative to the parameter RMS, 1e-3 for AdamW)
 * @param sparsity target fraction of zeros; {@code NaN} means 0 for unstructured and {@code 1 −
 *     n/m} for n:m
 * @param pattern "unstructured" or "n:m"
 * @param warmupFraction warm-up as a fraction of {@code steps}; {@code NaN} means {@code
 *     warmupSteps} steps
 * @param pruneEvery steps between mask updates; 0 means {@link #AUTO_PRUNE_UPDATES} updates over
 *     the pruning window, at most one every {@link #MAX_PRUNE_EVERY} steps
 * @param checkpointEvery steps between checkpoints; 0 = only on SIGTERM and at the end
 * @param xla "auto", "on" or "off" (tensorflow engine: {@code TensorFlowEngine} resolves auto)
 */
public record TrainConfig(
        String task,
        String dataset,
        int width,
        int depth,
        int heads,
        double mlpRatio,
        double scale,
        long steps,
        int batchSize,
        int seqLen,
        int patchSize,
        String optimizer,
        double lr,
        String lrSchedule,
        long warmupSteps,
        double warmupFraction,
        double weightDecay,
        boolean adafactorFactored,
        double sparsity,
        String pattern,
        double pruneStart,
        double pruneEnd,
        long pruneEvery,
        boolean pruneEmbeddings,
        long seed,
        int threads,
        String xla,
        Path checkpointDir,
        long checkpointEvery,
        Path resultFile,
        Path exportMasks,
        double valFraction,
        int valSize,
        boolean stripPosTags,
        long logEvery,
        String engine) {

    /** Mask updates over the pruning window when {@code --prune-every} is 0 (auto)... */
    public static final long AUTO_PRUNE_UPDATES = 10;

    /** ...at most one every this many steps: the paper's (jaxpruner's update_freq 100). */
    public static final long MAX_PRUNE_EVERY = 100;

    /** A builder starting from the protocol's defaults. */
    public static Builder builder() {
        return new Builder(TrainerArgs.defaults());
    }

    public Builder toBuilder() {
        return new Builder(args());
    }

    /** The configuration of a command line (every absent flag takes its protocol default). */
    public static TrainConfig from(TrainerArgs a) {
        return new TrainConfig(
                a.text(TrainerFlag.TASK),
                a.text(TrainerFlag.DATASET),
                a.intValue(TrainerFlag.WIDTH),
                a.intValue(TrainerFlag.DEPTH),
                a.intValue(TrainerFlag.HEADS),
                a.decimal(TrainerFlag.MLP_RATIO),
                a.decimal(TrainerFlag.SCALE),
                a.longValue(TrainerFlag.STEPS),
                a.intValue(TrainerFlag.BATCH_SIZE),
                a.intValue(TrainerFlag.SEQ_LEN),
                a.intValue(TrainerFlag.PATCH_SIZE),
                a.text(TrainerFlag.OPTIMIZER),
                a.decimal(TrainerFlag.LR),
                a.text(TrainerFlag.LR_SCHEDULE),
                a.longValue(TrainerFlag.WARMUP_STEPS),
                a.decimal(TrainerFlag.WARMUP_FRACTION), // NaN when absent
                a.decimal(TrainerFlag.WEIGHT_DECAY),
                a.isOn(TrainerFlag.ADAFACTOR_FACTORED),
                a.decimal(TrainerFlag.SPARSITY),
                a.text(TrainerFlag.PATTERN),
                a.decimal(TrainerFlag.PRUNE_START),
                a.decimal(TrainerFlag.PRUNE_END),
                a.longValue(TrainerFlag.PRUNE_EVERY),
                a.isOn(TrainerFlag.PRUNE_EMBEDDINGS),
                a.longValue(TrainerFlag.SEED),
                a.intValue(TrainerFlag.THREADS),
                a.text(TrainerFlag.XLA),
                path(a, TrainerFlag.CHECKPOINT_DIR),
                a.longValue(TrainerFlag.CHECKPOINT_EVERY),
                path(a, TrainerFlag.RESULT),
                path(a, TrainerFlag.EXPORT_MASKS),
                a.decimal(TrainerFlag.VAL_FRACTION),
                a.intValue(TrainerFlag.VAL_SIZE),
                a.isOn(TrainerFlag.STRIP_POS_TAGS),
                a.longValue(TrainerFlag.LOG_EVERY),
                a.text(TrainerFlag.ENGINE));
    }

    private static Path path(TrainerArgs a, TrainerFlag flag) {
        return a.text(flag) == null ? null : Path.of(a.text(flag));
    }

    /** This configuration as the protocol's flags (the inverse of {@link #from}). */
    public TrainerArgs args() {
        return TrainerArgs.defaults()
                .with(TrainerFlag.TASK, task)
                .with(TrainerFlag.DATASET, dataset)
                .with(TrainerFlag.WIDTH, width)
                .with(TrainerFlag.DEPTH, depth)
                .with(TrainerFlag.HEADS, heads)
                .with(TrainerFlag.MLP_RATIO, mlpRatio)
                .with(TrainerFlag.SCALE, scale)
                .with(TrainerFlag.STEPS, steps)
                .with(TrainerFlag.BATCH_SIZE, batchSize)
                .with(TrainerFlag.SEQ_LEN, seqLen)
                .with(TrainerFlag.PATCH_SIZE, patchSize)
                .with(TrainerFlag.OPTIMIZER, optimizer)
                .with(TrainerFlag.LR, Double.isNaN(lr) ? null : lr)
                .with(TrainerFlag.LR_SCHEDULE, lrSchedule)
                .with(TrainerFlag.WARMUP_STEPS, warmupSteps)
                .with(
                        TrainerFlag.WARMUP_FRACTION,
                        Double.isNaN(warmupFraction) ? null : warmupFraction)
                .with(TrainerFlag.WEIGHT_DECAY, weightDecay)
                .with(TrainerFlag.ADAFACTOR_FACTORED, adafactorFactored)
                .with(TrainerFlag.SPARSITY, Double.isNaN(sparsity) ? null : sparsity)
                .with(TrainerFlag.PATTERN, pattern)
                .with(TrainerFlag.PRUNE_START, pruneStart)
                .with(TrainerFlag.PRUNE_END, pruneEnd)
                .with(TrainerFlag.PRUNE_EVERY, pruneEvery)
                .with(TrainerFlag.PRUNE_EMBEDDINGS, pruneEmbeddings)
                .with(TrainerFlag.SEED, seed)
                .with(TrainerFlag.THREADS, threads)
                .with(TrainerFlag.XLA, xla)
                .with(TrainerFlag.CHECKPOINT_DIR, checkpointDir)
                .with(TrainerFlag.CHECKPOINT_EVERY, checkpointEvery)
                .with(TrainerFlag.RESULT, resultFile)
                .with(TrainerFlag.EXPORT_MASKS, exportMasks)
                .with(TrainerFlag.VAL_FRACTION, valFraction)
                .with(TrainerFlag.VAL_SIZE, valSize)
                .with(TrainerFlag.STRIP_POS_TAGS, stripPosTags)
                .with(TrainerFlag.LOG_EVERY, logEvery)
                .with(TrainerFlag.ENGINE, engine);
    }

    /** The n:m pattern, or null for unstructured. */
    public NmPattern nmPattern() {
        return SparsityPattern.parse(pattern) instanceof SparsityPattern.Nm nm
                ? new NmPattern(nm.n(), nm.m())
                : null;
    }

    /** The optimizer both engines build their rule from. */
    public OptimizerSpec optimizerSpec() {
        return OptimizerSpec.of(optimizer, weightDecay, adafactorFactored);
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
        return Math.min(Math.round(pruneStart * steps), pruneEndStep());
    }

    /**
     * Last step of the pruning window, from the fraction: the step whose mask update reaches the
     * target. At most the last step of the run, so that update always happens ({@code --prune-end
     * 1} would otherwise name a step the run never takes).
     */
    public long pruneEndStep() {
        return Math.min(Math.round(pruneEnd * steps), steps - 1);
    }

    /**
     * Steps between mask updates: as given, or with 0 (auto) the window divided into {@link
     * #AUTO_PRUNE_UPDATES} (at least 1 step, at most {@link #MAX_PRUNE_EVERY}): the interval scales
     * with the run, so a 200-step run gets 11 updates, not the one that a fixed 100 gives.
     */
    public long effectivePruneEvery() {
        if (pruneEvery > 0) {
            return pruneEvery;
        }
        long window = pruneEndStep() - pruneStartStep();
        return Math.max(1, Math.min(MAX_PRUNE_EVERY, window / AUTO_PRUNE_UPDATES));
    }

    /** Warm-up steps: {@code warmupFraction} of the run when set, else {@code warmupSteps}. */
    public long effectiveWarmupSteps() {
        return Double.isNaN(warmupFraction) ? warmupSteps : Math.round(warmupFraction * steps);
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

    /**
     * Mutable builder over the protocol's flags: every value it does not set takes the flag's
     * default from {@link TrainerFlag}, the one place defaults are written, so a test's
     * configuration, {@code sparsesweep train} and a sweep's trial agree.
     */
    public static final class Builder {
        private TrainerArgs args;

        Builder(TrainerArgs args) {
            this.args = args;
        }

        private Builder set(TrainerFlag flag, Object value) {
            args = args.with(flag, value);
            return this;
        }

        public Builder task(String v) {
            return set(TrainerFlag.TASK, v);
        }

        public Builder dataset(String v) {
            return set(TrainerFlag.DATASET, v);
        }

        public Builder width(int v) {
            return set(TrainerFlag.WIDTH, v);
        }

        public Builder depth(int v) {
            return set(TrainerFlag.DEPTH, v);
        }

        public Builder heads(int v) {
            return set(TrainerFlag.HEADS, v);
        }

        public Builder mlpRatio(double v) {
            return set(TrainerFlag.MLP_RATIO, v);
        }

        public Builder scale(double v) {
            return set(TrainerFlag.SCALE, v);
        }

        public Builder steps(long v) {
            return set(TrainerFlag.STEPS, v);
        }

        public Builder batchSize(int v) {
            return set(TrainerFlag.BATCH_SIZE, v);
        }

        public Builder seqLen(int v) {
            return set(TrainerFlag.SEQ_LEN, v);
        }

        public Builder patchSize(int v) {
            return set(TrainerFlag.PATCH_SIZE, v);
        }

        public Builder optimizer(String v) {
            return set(TrainerFlag.OPTIMIZER, v);
        }

        public Builder lr(double v) {
            return set(TrainerFlag.LR, Double.isNaN(v) ? null : v);
        }

        public Builder lrSchedule(String v) {
            return set(TrainerFlag.LR_SCHEDULE, v);
        }

        public Builder warmupSteps(long v) {
            return set(TrainerFlag.WARMUP_STEPS, v);
        }

        public Builder weightDecay(double v) {
            return set(TrainerFlag.WEIGHT_DECAY, v);
        }

        public Builder adafactorFactored(boolean v) {
            return set(TrainerFlag.ADAFACTOR_FACTORED, v);
        }

        public Builder sparsity(double v) {
            return set(TrainerFlag.SPARSITY, Double.isNaN(v) ? null : v);
        }

        public Builder pattern(String v) {
            return set(TrainerFlag.PATTERN, v);
        }

        public Builder pruneStart(double v) {
            return set(TrainerFlag.PRUNE_START, v);
        }

        public Builder pruneEnd(double v) {
            return set(TrainerFlag.PRUNE_END, v);
        }

        /** Warm-up as a fraction of the run; {@code NaN} clears it (then {@code warmupSteps}). */
        public Builder warmupFraction(double v) {
            return set(TrainerFlag.WARMUP_FRACTION, Double.isNaN(v) ? null : v);
        }

        public Builder pruneEvery(long v) {
            return set(TrainerFlag.PRUNE_EVERY, v);
        }

        public Builder pruneEmbeddings(boolean v) {
            return set(TrainerFlag.PRUNE_EMBEDDINGS, v);
        }

        public Builder seed(long v) {
            return set(TrainerFlag.SEED, v);
        }

        public Builder threads(int v) {
            return set(TrainerFlag.THREADS, v);
        }

        public Builder xla(String v) {
            return set(TrainerFlag.XLA, v);
        }

        public Builder checkpointDir(Path v) {
            return set(TrainerFlag.CHECKPOINT_DIR, v);
        }

        public Builder checkpointEvery(long v) {
            return set(TrainerFlag.CHECKPOINT_EVERY, v);
        }

        public Builder resultFile(Path v) {
            return set(TrainerFlag.RESULT, v);
        }

        public Builder exportMasks(Path v) {
            return set(TrainerFlag.EXPORT_MASKS, v);
        }

        public Builder valFraction(double v) {
            return set(TrainerFlag.VAL_FRACTION, v);
        }

        public Builder valSize(int v) {
            return set(TrainerFlag.VAL_SIZE, v);
        }

        public Builder stripPosTags(boolean v) {
            return set(TrainerFlag.STRIP_POS_TAGS, v);
        }

        public Builder logEvery(long v) {
            return set(TrainerFlag.LOG_EVERY, v);
        }

        public Builder engine(String v) {
            return set(TrainerFlag.ENGINE, v);
        }

        public TrainConfig build() {
            return from(args);
        }
    }
}
