package io.sparsesweep.runner;

import io.sparsesweep.runner.config.RunnerConfigException;
import io.sparsesweep.runner.prune.NmPattern;
import java.nio.file.Path;

/**
 * Everything one training run needs; immutable. Build with {@link #builder()}, whose defaults are
 * those of {@code sparsesweep train}. {@link #validate()} (called by the trainer) rejects
 * impossible values with a {@link RunnerConfigException} naming the flag.
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

    /** The n:m pattern, or null for unstructured. */
    public NmPattern nmPattern() {
        return "unstructured".equals(pattern) ? null : NmPattern.parse(pattern);
    }

    /** The target sparsity with the pattern's default filled in. */
    public double targetSparsity() {
        if (!Double.isNaN(sparsity)) {
            return sparsity;
        }
        NmPattern nm = nmPattern();
        return nm == null ? 0.0 : nm.sparsity();
    }

    /** The peak learning rate with the optimizer's default filled in. */
    public double peakLr() {
        if (!Double.isNaN(lr)) {
            return lr;
        }
        return "adafactor".equals(optimizer) ? 1e-2 : 1e-3;
    }

    /** First step of the pruning window, from the fraction. */
    public long pruneStartStep() {
        return Math.round(pruneStart * steps);
    }

    /** Last step of the pruning window, from the fraction. */
    public long pruneEndStep() {
        return Math.round(pruneEnd * steps);
    }

    /**
     * Model width after {@code --scale}: the dense block-parameter count grows with the square of
     * the width, so the width is multiplied by {@code sqrt(scale)} and rounded to a multiple of the
     * head count (at least one multiple).
     */
    public int effectiveWidth() {
        if (scale == 1.0) {
            return width;
        }
        double w = width * Math.sqrt(scale);
        long perHead = Math.max(1, Math.round(w / heads));
        return (int) (perHead * heads);
    }

    /** Throws {@link RunnerConfigException} naming the first bad flag. */
    public TrainConfig validate() {
        req("vit".equals(task) || "lm".equals(task), "--task", task, "must be vit or lm");
        req(dataset != null && !dataset.isBlank(), "--dataset", dataset, "is required");
        req(width >= 1, "--width", width, "must be >= 1");
        req(depth >= 1, "--depth", depth, "must be >= 1");
        req(heads >= 1, "--heads", heads, "must be >= 1");
        req(mlpRatio > 0, "--mlp-ratio", mlpRatio, "must be > 0");
        req(scale > 0 && Double.isFinite(scale), "--scale", scale, "must be > 0");
        req(effectiveWidth() % heads == 0, "--heads", heads, "must divide the width");
        req(steps >= 1, "--steps", steps, "must be >= 1");
        req(batchSize >= 1, "--batch-size", batchSize, "must be >= 1");
        req(seqLen >= 2, "--seq-len", seqLen, "must be >= 2");
        req(patchSize >= 1, "--patch-size", patchSize, "must be >= 1");
        req(
                "adamw".equals(optimizer) || "adafactor".equals(optimizer),
                "--optimizer",
                optimizer,
                "must be adafactor or adamw");
        req(Double.isNaN(lr) || lr > 0, "--lr", lr, "must be > 0");
        req(
                "rsqrt".equals(lrSchedule) || "cosine".equals(lrSchedule),
                "--lr-schedule",
                lrSchedule,
                "must be rsqrt or cosine");
        req(warmupSteps >= 0, "--warmup-steps", warmupSteps, "must be >= 0");
        req(weightDecay >= 0, "--weight-decay", weightDecay, "must be >= 0");
        req(
                "unstructured".equals(pattern) || pattern.contains(":"),
                "--pattern",
                pattern,
                "must be unstructured or n:m such as 2:4");
        NmPattern nm = nmPattern();
        double s = targetSparsity();
        req(s >= 0 && s < 1, "--sparsity", s, "must be in [0, 1)");
        if (nm != null) {
            req(
                    s <= nm.sparsity() + 1e-9,
                    "--sparsity",
                    s,
                    "exceeds what pattern " + nm + " allows (1 - n/m = " + nm.sparsity() + ")");
        }
        req(pruneStart >= 0 && pruneStart <= 1, "--prune-start", pruneStart, "must be in [0, 1]");
        req(
                pruneEnd >= pruneStart && pruneEnd <= 1,
                "--prune-end",
                pruneEnd,
                "must be in [--prune-start, 1]");
        req(pruneEvery >= 1, "--prune-every", pruneEvery, "must be >= 1");
        req(threads >= 0, "--threads", threads, "must be >= 0 (0 = all cores)");
        req(checkpointEvery >= 0, "--checkpoint-every", checkpointEvery, "must be >= 0");
        req(valFraction > 0 && valFraction < 1, "--val-fraction", valFraction, "must be in (0, 1)");
        req(valSize >= 1, "--val-size", valSize, "must be >= 1");
        req(logEvery >= 1, "--log-every", logEvery, "must be >= 1");
        return this;
    }

    private static void req(boolean ok, String flag, Object value, String reason) {
        RunnerConfigException.require(ok, flag, value, reason);
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
