package io.sparsesweep.runner;

import io.sparsesweep.protocol.TrainerFlag;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every flag that changes a run's trajectory, with its effective value: what must match for a
 * checkpoint to be resumed. A checkpoint written under one pruning window, learning rate, warm-up,
 * schedule, weight decay, AdaFactor factoring or embedding pruning and resumed under another would
 * silently splice two different runs into one result. Flags that change only what is measured or
 * how fast ({@code --val-size}, {@code --threads}, logging, checkpoint cadence, output paths) are
 * left out, so a resumed run may change them. So is {@code --xla}: it changes float rounding (as a
 * thread count may), not the run, and the checkpoint files are the same with and without it.
 */
public final class RunFingerprint {
    private RunFingerprint() {}

    /**
     * Flag name (as the protocol spells it) to effective value, in the help's order. The engine is
     * in it too: each engine reads only its own checkpoint files.
     */
    public static Map<String, String> of(TrainConfig c) {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, TrainerFlag.TASK, c.model().task());
        put(f, TrainerFlag.DATASET, c.data().dataset());
        put(f, TrainerFlag.STRIP_POS_TAGS, c.data().stripPosTags());
        put(f, TrainerFlag.VAL_FRACTION, c.data().valFraction());
        put(f, TrainerFlag.WIDTH, c.effectiveWidth());
        put(f, TrainerFlag.DEPTH, c.model().depth());
        put(f, TrainerFlag.HEADS, c.model().heads());
        put(f, TrainerFlag.MLP_RATIO, c.model().mlpRatio());
        put(f, TrainerFlag.SEQ_LEN, c.model().seqLen());
        put(f, TrainerFlag.PATCH_SIZE, c.model().patchSize());
        put(f, TrainerFlag.STEPS, c.run().steps());
        put(f, TrainerFlag.BATCH_SIZE, c.data().batchSize());
        put(f, TrainerFlag.SEED, c.run().seed());
        put(f, TrainerFlag.ENGINE, c.run().engine());
        put(f, TrainerFlag.OPTIMIZER, c.optimizer().name());
        put(f, TrainerFlag.LR, c.peakLr());
        put(f, TrainerFlag.LR_SCHEDULE, c.optimizer().lrSchedule());
        put(f, TrainerFlag.WARMUP_STEPS, c.effectiveWarmupSteps());
        put(f, TrainerFlag.WEIGHT_DECAY, c.optimizer().weightDecay());
        put(f, TrainerFlag.ADAFACTOR_FACTORED, c.optimizer().adafactorFactored());
        put(f, TrainerFlag.SPARSITY, c.targetSparsity());
        put(f, TrainerFlag.PATTERN, c.pruning().pattern());
        put(f, TrainerFlag.PRUNE_START, c.pruneStartStep());
        put(f, TrainerFlag.PRUNE_END, c.pruneEndStep());
        put(f, TrainerFlag.PRUNE_EVERY, c.effectivePruneEvery());
        put(f, TrainerFlag.PRUNE_EMBEDDINGS, c.pruning().embeddings());
        return f;
    }

    private static void put(Map<String, String> f, TrainerFlag flag, Object value) {
        f.put(flag.flag(), String.valueOf(value));
    }

    /**
     * Why a checkpoint written under {@code saved} cannot be resumed under {@code now}, naming the
     * first flag that differs, or empty when they match. {@code saved} is null for a checkpoint of
     * a trainer that did not record its flags.
     */
    public static Optional<String> mismatch(Map<String, String> saved, Map<String, String> now) {
        if (saved == null) {
            return Optional.of(
                    "the checkpoint does not record the flags it was written under (an older"
                            + " trainer)");
        }
        for (Map.Entry<String, String> e : now.entrySet()) {
            String was = saved.get(e.getKey());
            if (!e.getValue().equals(was)) {
                return Optional.of(
                        e.getKey()
                                + " differs: the checkpoint was written with "
                                + (was == null ? "no value" : was)
                                + ", this run has "
                                + e.getValue()
                                + effective(e.getKey()));
            }
        }
        for (String key : saved.keySet()) {
            if (!now.containsKey(key)) {
                return Optional.of(key + " differs: the checkpoint has it, this trainer does not");
            }
        }
        return Optional.empty();
    }

    /** Values that are computed, not typed, say so. */
    private static String effective(String flag) {
        return switch (flag) {
            case "--prune-start", "--prune-end" -> " (as a step)";
            case "--warmup-steps" -> " (as steps, from --warmup-steps or --warmup-fraction)";
            case "--prune-every" -> " (as steps, 0 resolved)";
            case "--width" -> " (after --scale)";
            default -> "";
        };
    }
}
