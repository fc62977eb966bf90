package io.sparsesweep.runner;

import io.sparsesweep.protocol.SparsityPattern;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import io.sparsesweep.runner.prune.NmPattern;
import java.nio.file.Path;

/**
 * Everything one training run needs; immutable. Build with {@link #builder()}, whose defaults are
 * those of {@code sparsesweep train}; {@link #from} and {@link #args} convert from and to the trial
 * protocol's flags. {@link #validate()} (called by the trainer) rejects impossible values naming
 * the flag.
 *
 * @param lr peak learning rate; {@code NaN} means the optimizer's default (1e-2 for AdaFactor,
 *     whose step is relative to the parameter RMS, 1e-3 for AdamW)
 * @param sparsity target fraction of zeros; {@code NaN} means 0 for unstructured and {@code 1 −
 *     n/m} for n:m
 * @param pattern "unstructured" or "n:m"
 * @param checkpointEvery steps between checkpoints; 0 = only on SIGTERM and at the end
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
        Path checkpointDir,
        long checkpointEvery,
        Path resultFile,
        Path exportMasks,
        double valFraction,
        int valSize,
        boolean stripPosTags,
        long logEvery) {

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
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
                path(a, TrainerFlag.CHECKPOINT_DIR),
                a.longValue(TrainerFlag.CHECKPOINT_EVERY),
                path(a, TrainerFlag.RESULT),
                path(a, TrainerFlag.EXPORT_MASKS),
                a.decimal(TrainerFlag.VAL_FRACTION),
                a.intValue(TrainerFlag.VAL_SIZE),
                a.isOn(TrainerFlag.STRIP_POS_TAGS),
                a.longValue(TrainerFlag.LOG_EVERY));
    }

    private static Path path(TrainerArgs a, TrainerFlag flag) {
        String p = a.text(flag);
        return p == null ? null : Path.of(p);
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
                .with(TrainerFlag.CHECKPOINT_DIR, checkpointDir)
                .with(TrainerFlag.CHECKPOINT_EVERY, checkpointEvery)
                .with(TrainerFlag.RESULT, resultFile)
                .with(TrainerFlag.EXPORT_MASKS, exportMasks)
                .with(TrainerFlag.VAL_FRACTION, valFraction)
                .with(TrainerFlag.VAL_SIZE, valSize)
                .with(TrainerFlag.STRIP_POS_TAGS, stripPosTags)
                .with(TrainerFlag.LOG_EVERY, logEvery);
    }

    /** The n:m pattern, or null for unstructured. */
    public NmPattern nmPattern() {
        return SparsityPattern.parse(pattern) instanceof SparsityPattern.Nm nm
                ? new NmPattern(nm.n(), nm.m())
                : null;
    }

    /** The target sparsity with the pattern's default filled in. */
    public double targetSparsity() {
        return args().targetSparsity();
    }

    /** The peak learning rate with the optimizer's default filled in. */
    public double peakLr() {
        return args().peakLr();
    }

    /** First step of the pruning window, from the fraction. */
    public long pruneStartStep() {
        return Math.round(pruneStart * steps);
    }

    /** Last step of the pruning window, from the fraction. */
    public long pruneEndStep() {
        return Math.round(pruneEnd * steps);
    }

    /** Model width after {@code --scale} (see {@link TrainerArgs#effectiveWidth()}). */
    public int effectiveWidth() {
        return args().effectiveWidth();
    }

    /**
     * Throws {@link io.sparsesweep.protocol.BadArgumentException} naming the first bad flag: the
     * protocol's checks of every value and combination.
     */
    public TrainConfig validate() {
        args().validate();
        return this;
    }

    /** Mutable builder with the CLI's defaults. */
    public static final class Builder {
        private String task = "lm";
        private String dataset = "synthetic";
        private int width = 128;
        private int depth = 2;
        private int heads = 4;
        private double mlpRatio = 4;
        private double scale = 1;
        private long steps = 1000;
        private int batchSize = 16;
        private int seqLen = 128;
        private int patchSize = 4;
        private String optimizer = "adafactor";
        private double lr = Double.NaN;
        private String lrSchedule = "rsqrt";
        private long warmupSteps = 100;
        private double weightDecay = 0.0;
        private boolean adafactorFactored = true;
        private double sparsity = Double.NaN;
        private String pattern = "unstructured";
        private double pruneStart = 0.25;
        private double pruneEnd = 0.75;
        private long pruneEvery = 100;
        private boolean pruneEmbeddings = false;
        private long seed = 0;
        private int threads = 0;
        private Path checkpointDir;
        private long checkpointEvery = 0;
        private Path resultFile;
        private Path exportMasks;
        private double valFraction = 0.1;
        private int valSize = 256;
        private boolean stripPosTags = false;
        private long logEvery = 50;

        Builder() {}

        Builder(TrainConfig c) {
            task = c.task;
            dataset = c.dataset;
            width = c.width;
            depth = c.depth;
            heads = c.heads;
            mlpRatio = c.mlpRatio;
            scale = c.scale;
            steps = c.steps;
            batchSize = c.batchSize;
            seqLen = c.seqLen;
            patchSize = c.patchSize;
            optimizer = c.optimizer;
            lr = c.lr;
            lrSchedule = c.lrSchedule;
            warmupSteps = c.warmupSteps;
            weightDecay = c.weightDecay;
            adafactorFactored = c.adafactorFactored;
            sparsity = c.sparsity;
            pattern = c.pattern;
            pruneStart = c.pruneStart;
            pruneEnd = c.pruneEnd;
            pruneEvery = c.pruneEvery;
            pruneEmbeddings = c.pruneEmbeddings;
            seed = c.seed;
            threads = c.threads;
            checkpointDir = c.checkpointDir;
            checkpointEvery = c.checkpointEvery;
            resultFile = c.resultFile;
            exportMasks = c.exportMasks;
            valFraction = c.valFraction;
            valSize = c.valSize;
            stripPosTags = c.stripPosTags;
            logEvery = c.logEvery;
        }

        public Builder task(String v) {
            task = v;
            return this;
        }

        public Builder dataset(String v) {
            dataset = v;
            return this;
        }

        public Builder width(int v) {
            width = v;
            return this;
        }

        public Builder depth(int v) {
            depth = v;
            return this;
        }

        public Builder heads(int v) {
            heads = v;
            return this;
        }

        public Builder mlpRatio(double v) {
            mlpRatio = v;
            return this;
        }

        public Builder scale(double v) {
            scale = v;
            return this;
        }

        public Builder steps(long v) {
            steps = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder seqLen(int v) {
            seqLen = v;
            return this;
        }

        public Builder patchSize(int v) {
            patchSize = v;
            return this;
        }

        public Builder optimizer(String v) {
            optimizer = v;
            return this;
        }

        public Builder lr(double v) {
            lr = v;
            return this;
        }

        public Builder lrSchedule(String v) {
            lrSchedule = v;
            return this;
        }

        public Builder warmupSteps(long v) {
            warmupSteps = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder adafactorFactored(boolean v) {
            adafactorFactored = v;
            return this;
        }

        public Builder sparsity(double v) {
            sparsity = v;
            return this;
        }

        public Builder pattern(String v) {
            pattern = v;
            return this;
        }

        public Builder pruneStart(double v) {
            pruneStart = v;
            return this;
        }

        public Builder pruneEnd(double v) {
            pruneEnd = v;
            return this;
        }

        public Builder pruneEvery(long v) {
            pruneEvery = v;
            return this;
        }

        public Builder pruneEmbeddings(boolean v) {
            pruneEmbeddings = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder threads(int v) {
            threads = v;
            return this;
        }

        public Builder checkpointDir(Path v) {
            checkpointDir = v;
            return this;
        }

        public Builder checkpointEvery(long v) {
            checkpointEvery = v;
            return this;
        }

        public Builder resultFile(Path v) {
            resultFile = v;
            return this;
        }

        public Builder exportMasks(Path v) {
            exportMasks = v;
            return this;
        }

        public Builder valFraction(double v) {
            valFraction = v;
            return this;
        }

        public Builder valSize(int v) {
            valSize = v;
            return this;
        }

        public Builder stripPosTags(boolean v) {
            stripPosTags = v;
            return this;
        }

        public Builder logEvery(long v) {
            logEvery = v;
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(
                    task,
                    dataset,
                    width,
                    depth,
                    heads,
                    mlpRatio,
                    scale,
                    steps,
                    batchSize,
                    seqLen,
                    patchSize,
                    optimizer,
                    lr,
                    lrSchedule,
                    warmupSteps,
                    weightDecay,
                    adafactorFactored,
                    sparsity,
                    pattern,
                    pruneStart,
                    pruneEnd,
                    pruneEvery,
                    pruneEmbeddings,
                    seed,
                    threads,
                    checkpointDir,
                    checkpointEvery,
                    resultFile,
                    exportMasks,
                    valFraction,
                    valSize,
                    stripPosTags,
                    logEvery);
        }
    }
}
