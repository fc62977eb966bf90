package io.sparsesweep.protocol;

import java.util.List;
import java.util.Optional;

/**
 * Every flag of {@code sparsesweep train}, with its type, default, allowed values and meaning. This
 * enum is the flag half of the trial protocol: the CLI's options and help, the planner's argument
 * lists, the trainer's configuration and the protocol reference (docs/trial-protocol.md) are all
 * made from it. The declaration order is the order of help and docs.
 *
 * <p>A flag without a default either has a default computed from other flags ({@link
 * #defaultNote()}: {@code --lr}, {@code --sparsity}) or means "off" when absent (paths).
 */
public enum TrainerFlag {
    // model
    TASK(FlagGroup.MODEL, ValueType.CHOICE, "lm", "vit or lm.", "vit", "lm"),
    WIDTH(FlagGroup.MODEL, ValueType.INT, "128", Range.atLeast(1), "Model width d."),
    DEPTH(FlagGroup.MODEL, ValueType.INT, "2", Range.atLeast(1), "Transformer blocks."),
    HEADS(
            FlagGroup.MODEL,
            ValueType.INT,
            "4",
            Range.atLeast(1),
            "Attention heads; must divide the width (after --scale)."),
    MLP_RATIO(FlagGroup.MODEL, ValueType.DECIMAL, "4", Range.above(0), "MLP width / d."),
    SCALE(
            FlagGroup.MODEL,
            ValueType.DECIMAL,
            "1",
            Range.above(0),
            "Multiplies the dense block-parameter count: the width becomes"
                    + " round(width*sqrt(scale)/heads)*heads."),
    SEQ_LEN(FlagGroup.MODEL, ValueType.INT, "128", Range.atLeast(2), "lm: bytes per sequence."),
    PATCH_SIZE(FlagGroup.MODEL, ValueType.INT, "4", Range.atLeast(1), "vit: patch side in pixels."),
    // data
    DATASET(
            FlagGroup.DATA,
            ValueType.TEXT,
            "synthetic",
            null,
            null,
            "synthetic, or a PATH: for vit an IDX images file or a folder with train-images*"
                    + " (and optionally t10k-* as the validation split), gzipped or not; for lm a"
                    + " text file or a folder of text files (byte-level)."),
    STRIP_POS_TAGS(
            FlagGroup.DATA,
            ValueType.SWITCH,
            "false",
            null,
            null,
            "Text is word/TAG tokens (Brown corpus): keep the words."),
    BATCH_SIZE(
            FlagGroup.DATA,
            ValueType.INT,
            "16",
            Range.atLeast(1),
            "Examples per step (sequences or images)."),
    VAL_FRACTION(
            FlagGroup.DATA,
            ValueType.DECIMAL,
            "0.1",
            Range.open(0, 1),
            "Held-out tail of the data when there is no separate test split."),
    VAL_SIZE(
            FlagGroup.DATA,
            ValueType.INT,
            "256",
            Range.atLeast(1),
            "Validation examples (sequences or images) used for valLoss."),
    // optimizer
    OPTIMIZER(
            FlagGroup.OPTIMIZER,
            ValueType.CHOICE,
            "adafactor",
            "adafactor or adamw.",
            "adafactor",
            "adamw"),
    LR(
            FlagGroup.OPTIMIZER,
            ValueType.DECIMAL,
            null,
            "1e-2 adafactor (relative to the parameter RMS), 1e-3 adamw",
            Range.above(0),
            "Peak learning rate."),
    LR_SCHEDULE(
            FlagGroup.OPTIMIZER,
            ValueType.CHOICE,
            "rsqrt",
            "After linear warm-up: rsqrt (T5) or cosine to 10%.",
            "rsqrt",
            "cosine"),
    WARMUP_STEPS(
            FlagGroup.OPTIMIZER, ValueType.LONG, "100", Range.atLeast(0), "Linear warm-up steps."),
    WARMUP_FRACTION(
            FlagGroup.OPTIMIZER,
            ValueType.DECIMAL,
            null,
            "--warmup-steps",
            Range.closedOpen(0, 1),
            "Linear warm-up over this fraction of --steps; replaces --warmup-steps, so the"
                    + " warm-up scales with the run (sweeps default to 0.05 with --lr-schedule"
                    + " cosine)."),
    WEIGHT_DECAY(
            FlagGroup.OPTIMIZER,
            ValueType.DECIMAL,
            "0",
            Range.atLeast(0),
            "Decoupled weight decay on >=2-D tensors."),
    ADAFACTOR_FACTORED(
            FlagGroup.OPTIMIZER,
            ValueType.NEGATABLE_SWITCH,
            "true",
            null,
            null,
            "AdaFactor: factor the second moment of 2-D tensors; --no-adafactor-factored keeps"
                    + " the full second moment, as the paper's released T5 chain."),
    // pruning
    SPARSITY(
            FlagGroup.PRUNING,
            ValueType.DECIMAL,
            null,
            "0 unstructured, 1-n/m for n:m",
            Range.closedOpen(0, 1),
            "Target fraction of zeros in the pruned tensors; at most 1-n/m for n:m."),
    PATTERN(
            FlagGroup.PRUNING,
            ValueType.PATTERN,
            SparsityPattern.UNSTRUCTURED_TEXT,
            null,
            null,
            "unstructured or n:m such as 2:4 (n kept in every m along the input axis)."),
    PRUNE_START(
            FlagGroup.PRUNING,
            ValueType.DECIMAL,
            "0.25",
            Range.closed(0, 1),
            "Pruning starts at this fraction of the steps."),
    PRUNE_END(
            FlagGroup.PRUNING,
            ValueType.DECIMAL,
            "0.75",
            Range.closed(0, 1),
            "Target sparsity reached at this fraction of the steps; not before --prune-start."),
    PRUNE_EVERY(
            FlagGroup.PRUNING,
            ValueType.LONG,
            "0",
            Range.atLeast(0),
            "Steps between mask updates; 0: auto, the pruning window in 10 updates, at most every"
                    + " 100 steps. The last update is always at the window's end, so the run"
                    + " reaches its target sparsity."),
    PRUNE_EMBEDDINGS(
            FlagGroup.PRUNING,
            ValueType.SWITCH,
            "false",
            null,
            null,
            "Also prune the token/patch embedding and the output head."),
    // run
    STEPS(FlagGroup.RUN, ValueType.LONG, "1000", Range.atLeast(1), "Optimizer steps."),
    SEED(
            FlagGroup.RUN,
            ValueType.LONG,
            "0",
            Range.ANY,
            "Initialisation and data order; the same flags and seed give the same losses."),
    ENGINE(
            FlagGroup.RUN,
            ValueType.CHOICE,
            "tensorflow",
            "Training engine: tensorflow (TensorFlow Java, graph mode) or djl (PyTorch through"
                    + " DJL, eager): the same model, initial values, optimizer rules and masks;"
                    + " checkpoints resume only on the engine that wrote them.",
            "tensorflow",
            "djl"),
    // I/O
    THREADS(FlagGroup.IO, ValueType.INT, "0", Range.atLeast(0), "Intra-op threads; 0 = all cores."),
    XLA(
            FlagGroup.IO,
            ValueType.CHOICE,
            "auto",
            "tensorflow engine: compile the graph with XLA's CPU JIT (auto-clustering). auto:"
                    + " where it measured faster; on; off. Changes float rounding, not the"
                    + " checkpoint; the djl engine ignores it.",
            "auto",
            "on",
            "off"),
    CHECKPOINT_DIR(
            FlagGroup.IO,
            ValueType.PATH,
            null,
            null,
            null,
            "Write checkpoints here and resume from the newest valid one."),
    CHECKPOINT_EVERY(
            FlagGroup.IO,
            ValueType.LONG,
            "0",
            Range.atLeast(0),
            "Steps between checkpoints; 0 = only on SIGTERM and at the end."),
    RESULT(
            FlagGroup.IO,
            ValueType.PATH,
            null,
            null,
            null,
            "Write the one-line result JSON here (the CLI's default: /dev/termination-log when it"
                    + " exists and is writable, else nowhere)."),
    EXPORT_MASKS(
            FlagGroup.IO,
            ValueType.PATH,
            null,
            null,
            null,
            "Write final weights and masks of pruned tensors as .npy plus index.json into this"
                    + " folder."),
    LOG_EVERY(
            FlagGroup.IO, ValueType.LONG, "50", Range.atLeast(1), "Steps between progress lines.");

    private final FlagGroup group;
    private final ValueType type;
    private final String defaultValue;
    private final String defaultNote;
    private final Range range;
    private final List<String> choices;
    private final String description;

    /** A numeric flag with a default and a range. */
    TrainerFlag(
            FlagGroup group, ValueType type, String defaultValue, Range range, String description) {
        this(group, type, defaultValue, null, range, description);
    }

    /** A numeric flag whose default may be computed ({@code defaultNote}). */
    TrainerFlag(
            FlagGroup group,
            ValueType type,
            String defaultValue,
            String defaultNote,
            Range range,
            String description) {
        this(group, type, defaultValue, defaultNote, range, List.of(), description);
    }

    /** A word out of {@code choices}. */
    TrainerFlag(
            FlagGroup group,
            ValueType type,
            String defaultValue,
            String description,
            String... choices) {
        this(group, type, defaultValue, null, null, List.of(choices), description);
    }

    TrainerFlag(
            FlagGroup group,
            ValueType type,
            String defaultValue,
            String defaultNote,
            Range range,
            List<String> choices,
            String description) {
        this.group = group;
        this.type = type;
        this.defaultValue = defaultValue;
        this.defaultNote = defaultNote;
        this.range = range;
        this.choices = choices;
        this.description = description;
    }

    /** The flag as typed: {@code --batch-size}. */
    public String flag() {
        return "--" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The negative form of a {@link ValueType#NEGATABLE_SWITCH}: {@code --no-...}. */
    public String negatedFlag() {
        return "--no-" + flag().substring(2);
    }

    public FlagGroup group() {
        return group;
    }

    public ValueType type() {
        return type;
    }

    /** The default as flag text, or empty (computed, or off when absent). */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** How the default is computed when it depends on other flags, or null. */
    public String defaultNote() {
        return defaultNote;
    }

    /** The allowed interval of a numeric flag, or null. */
    public Range range() {
        return range;
    }

    /** The allowed words of a {@link ValueType#CHOICE} flag, else empty. */
    public List<String> choices() {
        return choices;
    }

    /** One or two sentences for help and docs. */
    public String description() {
        return description;
    }

    /** The default as readers see it: the value, the computed rule, or "none". */
    public String defaultText() {
        if (defaultValue != null) {
            return defaultValue;
        }
        return defaultNote != null ? defaultNote : "none";
    }

    /** The flag spelled {@code --name} (or {@code --no-name}), if there is one. */
    public static Optional<TrainerFlag> byFlag(String flag) {
        for (TrainerFlag f : values()) {
            if (f.flag().equals(flag)
                    || (f.type == ValueType.NEGATABLE_SWITCH && f.negatedFlag().equals(flag))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
