package io.sparsesweep.protocol;

/**
 * Every field of the result JSON (protocol version {@value TrialProtocol#VERSION}), in the order
 * the trainer writes them, with its type, its rule and its meaning. {@link ResultJson} reads and
 * writes exactly these; the protocol reference (docs/trial-protocol.md) is generated from them.
 * Unknown fields are ignored, so a trainer may add its own; a field's meaning never changes within
 * a version. Every field is required except {@link #ENGINE}, {@link #TRAIN_FLOPS_PER_EXAMPLE} and
 * {@link #BLOCK_FLOPS_PER_EXAMPLE}, added within version 1 as optional so that results written
 * before them still read (and {@link #TOKENS}, which vit results omit).
 */
public enum ResultField {
    V("v", Kind.INTEGER, "= " + TrialProtocol.VERSION, "Protocol version."),
    TASK("task", Kind.TEXT, "= --task", "The task trained: vit or lm."),
    VAL_LOSS(
            "valLoss",
            Kind.DECIMAL,
            "(0, " + (int) TrialProtocol.MAX_LOSS + "]",
            "Mean cross-entropy on the fixed validation set, in nats per predicted token (lm) or"
                    + " per image (vit): the law's L."),
    TRAIN_LOSS(
            "trainLoss",
            Kind.DECIMAL,
            "[0, " + (int) TrialProtocol.MAX_LOSS + "]",
            "Mean training loss of the last 50 steps."),
    STEPS("steps", Kind.INTEGER, "= --steps", "Optimizer steps trained."),
    EXAMPLES(
            "examples",
            Kind.INTEGER,
            "= --steps x --batch-size",
            "Training examples consumed (sequences or images): the law's D."),
    TOKENS(
            "tokens",
            Kind.INTEGER,
            "lm only; = examples x --seq-len",
            "Predicted positions trained on (absent for vit)."),
    TOTAL_PARAMS(
            "totalParams",
            Kind.INTEGER,
            ">= 1",
            "Every trainable entry (embeddings, positions, blocks, norms, biases, head)."),
    PRUNABLE_PARAMS(
            "prunableParams",
            Kind.INTEGER,
            "[0, totalParams]",
            "Entries of every tensor subject to pruning in this configuration."),
    BLOCK_PARAMS(
            "blockParams",
            Kind.INTEGER,
            "[1, totalParams]",
            "Dense size of the transformer-block weight matrices (attention q/k/v/o and MLP"
                    + " kernels)."),
    NONZERO_PARAMS(
            "nonzeroParams",
            Kind.INTEGER,
            "[1, blockParams]",
            "Non-zero entries of those block matrices on the final weights: the law's N."),
    SPARSITY("sparsity", Kind.DECIMAL, "= the target sparsity", "The configured target S."),
    ACHIEVED_SPARSITY(
            "achievedSparsity",
            Kind.DECIMAL,
            "= 1 - nonzeroParams/blockParams",
            "The sparsity of the block matrices reached."),
    PATTERN("pattern", Kind.TEXT, "= --pattern", "unstructured or n:m."),
    WALL_SECONDS(
            "wallSeconds",
            Kind.DECIMAL,
            "[0, " + (long) TrialProtocol.MAX_WALL_SECONDS + "]",
            "Wall time of this process, data loading and evaluation included."),
    SEED("seed", Kind.INTEGER, "= --seed", "The seed."),
    WIDTH("width", Kind.INTEGER, "= --width after --scale", "Model width trained."),
    DEPTH("depth", Kind.INTEGER, "= --depth", "Transformer blocks."),
    HEADS("heads", Kind.INTEGER, "= --heads", "Attention heads."),
    OPTIMIZER("optimizer", Kind.TEXT, "= --optimizer", "adafactor or adamw."),
    RESUMED_FROM_STEP(
            "resumedFromStep",
            Kind.INTEGER,
            "[0, steps]",
            "The checkpoint step this process started from (0: from scratch)."),
    EXAMPLES_PER_SECOND(
            "examplesPerSecond",
            Kind.DECIMAL,
            ">= 0",
            "Training throughput of the steps trained in this process."),
    ENGINE(
            "engine",
            Kind.TEXT,
            "optional; = --engine",
            "The engine that trained: tensorflow or djl. Absent from the results of trainers"
                    + " older than the field (and of trainers that do not say); a reader then"
                    + " knows only the trial's --engine."),
    TRAIN_FLOPS_PER_EXAMPLE(
            "trainFlopsPerExample",
            Kind.DECIMAL,
            "optional; > 0",
            "Training FLOPs per example of the model with every weight dense (forward + backward"
                    + " = 3 x forward, multiply-add = 2: block matmuls, attention scores and values,"
                    + " head, vit patch embedding)."),
    BLOCK_FLOPS_PER_EXAMPLE(
            "blockFlopsPerExample",
            Kind.DECIMAL,
            "optional; (0, trainFlopsPerExample]",
            "The part of trainFlopsPerExample in the transformer-block matmuls (6 x blockParams x"
                    + " tokens), the only part sparse kernels could skip.");

    /** A JSON value kind. */
    public enum Kind {
        /** A JSON integer that fits in 64 bits (no fraction, no exponent). */
        INTEGER,
        /** A finite JSON number. */
        DECIMAL,
        /** A non-blank JSON string. */
        TEXT
    }

    private final String key;
    private final Kind kind;
    private final String rule;
    private final String description;

    ResultField(String key, Kind kind, String rule, String description) {
        this.key = key;
        this.kind = kind;
        this.rule = rule;
        this.description = description;
    }

    /** The JSON key. */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** The constraint a reader enforces, as text. */
    public String rule() {
        return rule;
    }

    public String description() {
        return description;
    }

    /** Whether a result may leave this field out (the reader then takes nothing from it). */
    public boolean optional() {
        return this == ENGINE || this == TRAIN_FLOPS_PER_EXAMPLE || this == BLOCK_FLOPS_PER_EXAMPLE;
    }
}
