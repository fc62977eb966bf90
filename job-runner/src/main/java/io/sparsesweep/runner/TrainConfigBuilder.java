package io.sparsesweep.runner;

import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import java.nio.file.Path;

/**
 * {@link TrainConfig}'s mutable builder ({@link TrainConfig#builder()}), flat over the protocol's
 * flags: every value it does not set takes the flag's default from {@link TrainerFlag}, the one
 * place defaults are written, so a test's configuration, {@code sparsesweep train} and a sweep's
 * trial agree. {@code lr} and {@code sparsity} take {@code NaN} for the computed default.
 */
public final class TrainConfigBuilder {
    private TrainerArgs args;

    TrainConfigBuilder(TrainerArgs args) {
        this.args = args;
    }

    private TrainConfigBuilder set(TrainerFlag flag, Object value) {
        args = args.with(flag, value);
        return this;
    }

    public TrainConfigBuilder task(String v) {
        return set(TrainerFlag.TASK, v);
    }

    public TrainConfigBuilder dataset(String v) {
        return set(TrainerFlag.DATASET, v);
    }

    public TrainConfigBuilder width(int v) {
        return set(TrainerFlag.WIDTH, v);
    }

    public TrainConfigBuilder depth(int v) {
        return set(TrainerFlag.DEPTH, v);
    }

    public TrainConfigBuilder heads(int v) {
        return set(TrainerFlag.HEADS, v);
    }

    public TrainConfigBuilder mlpRatio(double v) {
        return set(TrainerFlag.MLP_RATIO, v);
    }

    public TrainConfigBuilder scale(double v) {
        return set(TrainerFlag.SCALE, v);
    }

    public TrainConfigBuilder steps(long v) {
        return set(TrainerFlag.STEPS, v);
    }

    public TrainConfigBuilder batchSize(int v) {
        return set(TrainerFlag.BATCH_SIZE, v);
    }

    public TrainConfigBuilder seqLen(int v) {
        return set(TrainerFlag.SEQ_LEN, v);
    }

    public TrainConfigBuilder patchSize(int v) {
        return set(TrainerFlag.PATCH_SIZE, v);
    }

    public TrainConfigBuilder optimizer(String v) {
        return set(TrainerFlag.OPTIMIZER, v);
    }

    public TrainConfigBuilder lr(double v) {
        return set(TrainerFlag.LR, Double.isNaN(v) ? null : v);
    }

    public TrainConfigBuilder lrSchedule(String v) {
        return set(TrainerFlag.LR_SCHEDULE, v);
    }

    public TrainConfigBuilder warmupSteps(long v) {
        return set(TrainerFlag.WARMUP_STEPS, v);
    }

    public TrainConfigBuilder weightDecay(double v) {
        return set(TrainerFlag.WEIGHT_DECAY, v);
    }

    public TrainConfigBuilder adafactorFactored(boolean v) {
        return set(TrainerFlag.ADAFACTOR_FACTORED, v);
    }

    public TrainConfigBuilder sparsity(double v) {
        return set(TrainerFlag.SPARSITY, Double.isNaN(v) ? null : v);
    }

    public TrainConfigBuilder pattern(String v) {
        return set(TrainerFlag.PATTERN, v);
    }

    public TrainConfigBuilder pruneStart(double v) {
        return set(TrainerFlag.PRUNE_START, v);
    }

    public TrainConfigBuilder pruneEnd(double v) {
        return set(TrainerFlag.PRUNE_END, v);
    }

    /** Warm-up as a fraction of the run; {@code NaN} clears it (then {@code warmupSteps}). */
    public TrainConfigBuilder warmupFraction(double v) {
        return set(TrainerFlag.WARMUP_FRACTION, Double.isNaN(v) ? null : v);
    }

    public TrainConfigBuilder pruneEvery(long v) {
        return set(TrainerFlag.PRUNE_EVERY, v);
    }

    public TrainConfigBuilder pruneEmbeddings(boolean v) {
        return set(TrainerFlag.PRUNE_EMBEDDINGS, v);
    }

    public TrainConfigBuilder seed(long v) {
        return set(TrainerFlag.SEED, v);
    }

    public TrainConfigBuilder threads(int v) {
        return set(TrainerFlag.THREADS, v);
    }

    public TrainConfigBuilder xla(String v) {
        return set(TrainerFlag.XLA, v);
    }

    public TrainConfigBuilder checkpointDir(Path v) {
        return set(TrainerFlag.CHECKPOINT_DIR, v);
    }

    public TrainConfigBuilder checkpointEvery(long v) {
        return set(TrainerFlag.CHECKPOINT_EVERY, v);
    }

    public TrainConfigBuilder resultFile(Path v) {
        return set(TrainerFlag.RESULT, v);
    }

    public TrainConfigBuilder exportMasks(Path v) {
        return set(TrainerFlag.EXPORT_MASKS, v);
    }

    public TrainConfigBuilder valFraction(double v) {
        return set(TrainerFlag.VAL_FRACTION, v);
    }

    public TrainConfigBuilder valSize(int v) {
        return set(TrainerFlag.VAL_SIZE, v);
    }

    public TrainConfigBuilder stripPosTags(boolean v) {
        return set(TrainerFlag.STRIP_POS_TAGS, v);
    }

    public TrainConfigBuilder logEvery(long v) {
        return set(TrainerFlag.LOG_EVERY, v);
    }

    public TrainConfigBuilder engine(String v) {
        return set(TrainerFlag.ENGINE, v);
    }

    public TrainConfig build() {
        return TrainConfig.from(args);
    }
}
