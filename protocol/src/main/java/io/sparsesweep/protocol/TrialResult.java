package io.sparsesweep.protocol;

/**
 * The outcome of one training run, as its result JSON carries it ({@link ResultField} has each
 * field's rule and meaning; {@link ResultJson} reads and writes it).
 *
 * @param task vit or lm
 * @param valLoss mean validation cross-entropy (nats per token or per image): the law's L
 * @param trainLoss mean training loss of the last 50 steps
 * @param steps optimizer steps
 * @param examples training examples consumed, steps x batch size: the law's D
 * @param tokens lm: examples x seq-len; 0 for vit (and then not written)
 * @param totalParams every trainable entry
 * @param prunableParams entries of the tensors subject to pruning
 * @param blockParams dense size of the transformer-block weight matrices
 * @param nonzeroParams non-zero entries of those matrices at the end: the law's N
 * @param sparsity the configured target sparsity
 * @param achievedSparsity {@code 1 - nonzeroParams / blockParams}
 * @param pattern unstructured or n:m
 * @param wallSeconds wall time of this process
 * @param seed the run's seed
 * @param width model width after --scale
 * @param depth transformer blocks
 * @param heads attention heads
 * @param optimizer adafactor or adamw
 * @param resumedFromStep checkpoint step this process started from
 * @param examplesPerSecond throughput of the steps trained in this process
 * @param engine the engine that trained (tensorflow or djl), or null when the result does not say
 *     (written by a trainer older than the field, or by one that does not report it)
 * @param trainFlopsPerExample training FLOPs per example of the model with every weight dense, or
 *     NaN when the trainer did not say (an optional field)
 * @param blockFlopsPerExample the part of them in the transformer-block matmuls, or NaN
 */
public record TrialResult(
        String task,
        double valLoss,
        double trainLoss,
        long steps,
        long examples,
        long tokens,
        long totalParams,
        long prunableParams,
        long blockParams,
        long nonzeroParams,
        double sparsity,
        double achievedSparsity,
        String pattern,
        double wallSeconds,
        long seed,
        int width,
        int depth,
        int heads,
        String optimizer,
        long resumedFromStep,
        double examplesPerSecond,
        String engine,
        double trainFlopsPerExample,
        double blockFlopsPerExample) {

    /** The one-line JSON (see {@link ResultJson#write}). */
    public String toJson() {
        return ResultJson.write(this);
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding what a result must echo of the flags it was trained with (task, steps,
     * examples, tokens, sparsity, pattern, seed, width, depth, heads, optimizer), for trainers and
     * simulators that fill in the rest: losses, parameter counts, timings.
     */
    public static Builder echoing(TrainerArgs args) {
        Builder b = new Builder();
        b.task = args.text(TrainerFlag.TASK);
        b.steps = args.longValue(TrainerFlag.STEPS);
        b.examples = args.examples();
        b.tokens =
                "lm".equals(b.task)
                        ? Math.multiplyExact(b.examples, args.intValue(TrainerFlag.SEQ_LEN))
                        : 0;
        b.sparsity = args.targetSparsity();
        b.pattern = args.pattern().text();
        b.seed = args.longValue(TrainerFlag.SEED);
        b.width = args.effectiveWidth();
        b.depth = args.intValue(TrainerFlag.DEPTH);
        b.heads = args.intValue(TrainerFlag.HEADS);
        b.optimizer = args.text(TrainerFlag.OPTIMIZER);
        return b;
    }

    /** Mutable builder; {@link #build()} does not validate (readers do). */
    public static final class Builder {
        private String task;
        private double valLoss;
        private double trainLoss;
        private long steps;
        private long examples;
        private long tokens;
        private long totalParams;
        private long prunableParams;
        private long blockParams;
        private long nonzeroParams;
        private double sparsity;
        private double achievedSparsity = Double.NaN;
        private String pattern;
        private double wallSeconds;
        private long seed;
        private int width;
        private int depth;
        private int heads;
        private String optimizer;
        private long resumedFromStep;
        private double examplesPerSecond;
        private String engine;
        private double trainFlopsPerExample = Double.NaN;
        private double blockFlopsPerExample = Double.NaN;

        Builder() {}

        public Builder task(String v) {
            task = v;
            return this;
        }

        public Builder valLoss(double v) {
            valLoss = v;
            return this;
        }

        public Builder trainLoss(double v) {
            trainLoss = v;
            return this;
        }

        public Builder steps(long v) {
            steps = v;
            return this;
        }

        public Builder examples(long v) {
            examples = v;
            return this;
        }

        public Builder tokens(long v) {
            tokens = v;
            return this;
        }

        /**
         * Parameter counts: every entry, the prunable ones, the block matrices, their non-zeros.
         */
        public Builder params(long total, long prunable, long block, long nonzero) {
            totalParams = total;
            prunableParams = prunable;
            blockParams = block;
            nonzeroParams = nonzero;
            return this;
        }

        public Builder sparsity(double v) {
            sparsity = v;
            return this;
        }

        /** Defaults to {@code 1 - nonzero/block} when not set. */
        public Builder achievedSparsity(double v) {
            achievedSparsity = v;
            return this;
        }

        public Builder pattern(String v) {
            pattern = v;
            return this;
        }

        public Builder wallSeconds(double v) {
            wallSeconds = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** The model's shape: width (after --scale), depth, heads. */
        public Builder shape(int width, int depth, int heads) {
            this.width = width;
            this.depth = depth;
            this.heads = heads;
            return this;
        }

        public Builder optimizer(String v) {
            optimizer = v;
            return this;
        }

        public Builder resumedFromStep(long v) {
            resumedFromStep = v;
            return this;
        }

        public Builder examplesPerSecond(double v) {
            examplesPerSecond = v;
            return this;
        }

        /**
         * The engine that trained; left unset (null), the result does not say. {@link #echoing}
         * does not set it: only a trainer knows which engine actually ran.
         */
        public Builder engine(String v) {
            engine = v;
            return this;
        }

        /** The model's training FLOPs per example (dense) and the block-matmul part of them. */
        public Builder flopsPerExample(double train, double block) {
            trainFlopsPerExample = train;
            blockFlopsPerExample = block;
            return this;
        }

        public TrialResult build() {
            double achieved =
                    Double.isNaN(achievedSparsity) && blockParams > 0
                            ? 1.0 - (double) nonzeroParams / blockParams
                            : achievedSparsity;
            return new TrialResult(
                    task,
                    valLoss,
                    trainLoss,
                    steps,
                    examples,
                    tokens,
                    totalParams,
                    prunableParams,
                    blockParams,
                    nonzeroParams,
                    sparsity,
                    achieved,
                    pattern,
                    wallSeconds,
                    seed,
                    width,
                    depth,
                    heads,
                    optimizer,
                    resumedFromStep,
                    examplesPerSecond,
                    engine,
                    trainFlopsPerExample,
                    blockFlopsPerExample);
        }
    }
}
