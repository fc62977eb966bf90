package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Settings shared by every trial; each maps to one {@code ./sparsesweep train} flag. Absent fields
 * are not passed, so the trainer's own defaults apply.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!has(self.pruneStart) || !has(self.pruneEnd) || self.pruneStart <= self.pruneEnd",
        message = "spec.training.pruneStart must not exceed pruneEnd")
public class TrainingSpec {
    /** Examples per optimiser step ({@code --batch-size}). */
    @JsonPropertyDescription("Examples per optimiser step, 1-1048576 (--batch-size). Default: 16.")
    @Min(1)
    @Max(1048576)
    private Integer batchSize;

    /** Tokens per sequence for {@code lm} ({@code --seq-len}). */
    @JsonPropertyDescription(
            "Tokens (bytes) per sequence for task lm, 1-1048576 (--seq-len). Default: 128.")
    @Min(1)
    @Max(1048576)
    private Integer seqLen;

    /** Patch edge in pixels for {@code vit} ({@code --patch-size}). */
    @JsonPropertyDescription(
            "Patch edge in pixels for task vit, 1-1024 (--patch-size). Default: 4.")
    @Min(1)
    @Max(1024)
    private Integer patchSize;

    /** Parameter scale factor ({@code --scale}). */
    @JsonPropertyDescription(
            "Multiplies the dense block-parameter count: the width becomes round(width*sqrt(scale)/heads)*heads; >= 0 (--scale). Default: 1.")
    @Min(0)
    private Double scale;

    /** Optimiser ({@code --optimizer}). */
    @JsonPropertyDescription(
            "Optimiser: adafactor (the paper's choice for language models) or adamw (for ViT) (--optimizer). Default: adafactor.")
    private Optimizer optimizer;

    /** Peak learning rate ({@code --lr}). */
    @JsonPropertyDescription(
            "Peak learning rate after warm-up, 0-10 (--lr). Default: 1e-2 for adafactor (relative to the parameter RMS), 1e-3 for adamw.")
    @Min(0)
    @Max(10)
    private Double learningRate;

    /**
     * Learning-rate decay after the warm-up ({@code --lr-schedule}). Unset: {@code cosine}, to 10%
     * of the peak at each trial's last step, so the schedule's end scales with the run.
     */
    @JsonPropertyDescription(
            "Learning-rate decay after the warm-up (--lr-schedule): cosine (to 10% of the peak at each trial's last step, so the schedule ends with the run) or rsqrt (T5's inverse square root). Default for a sweep: cosine.")
    private LrSchedule lrSchedule;

    /** Linear warm-up length in steps ({@code --warmup-steps}); the same for every trial. */
    @JsonPropertyDescription(
            "Linear warm-up length in optimiser steps, the same for every trial, >= 0 (--warmup-steps). Unset: warmupFraction applies.")
    @Min(0)
    private Long warmupSteps;

    /**
     * Linear warm-up as a fraction of each trial's steps ({@code --warmup-fraction}). Unset and
     * without warmupSteps: 0.05, so short and long trials warm up over the same share of their run.
     */
    @JsonPropertyDescription(
            "Linear warm-up as a fraction of each trial's steps, in [0, 1) (--warmup-fraction). Default for a sweep without warmupSteps: 0.05.")
    @Min(0)
    @Max(1)
    private Double warmupFraction;

    /** Decoupled weight decay ({@code --weight-decay}). */
    @JsonPropertyDescription(
            "Decoupled weight decay on tensors of rank >= 2, 0-10 (--weight-decay). Default: 0.")
    @Min(0)
    @Max(10)
    private Double weightDecay;

    /** Fraction of training at which gradual pruning starts ({@code --prune-start}). */
    @JsonPropertyDescription(
            "Fraction of training, 0-1, at which gradual magnitude pruning starts; at most pruneEnd (--prune-start). Default: 0.25.")
    @Min(0)
    @Max(1)
    private Double pruneStart;

    /** Fraction of training at which the target sparsity is reached ({@code --prune-end}). */
    @JsonPropertyDescription(
            "Fraction of training, 0-1, at which the target sparsity is reached (--prune-end). Default: 0.75.")
    @Min(0)
    @Max(1)
    private Double pruneEnd;

    /** Steps between mask updates ({@code --prune-every}). */
    @JsonPropertyDescription(
            "Optimiser steps between pruning-mask updates, >= 1 (--prune-every). Default: auto, the pruning window in 10 updates (at most one every 100 steps). The last update is always at the window's end, so every trial reaches its target sparsity.")
    @Min(1)
    private Long pruneEvery;

    /** Whether embeddings are pruned too ({@code --prune-embeddings}). */
    @JsonPropertyDescription(
            "Also prune the token/patch embedding and the output head (--prune-embeddings). Default: false.")
    private Boolean pruneEmbeddings;

    /**
     * Whether the text is word/TAG tokens, as in the Brown corpus, whose tags the trainer strips
     * ({@code --strip-pos-tags}).
     */
    @JsonPropertyDescription(
            "The text is word/TAG tokens, as in the Brown corpus: strip the tags, keep the words (--strip-pos-tags). Default: false.")
    private Boolean stripPosTags;

    /**
     * Validation examples (images, or sequences for lm) the final loss is averaged over ({@code
     * --val-size}; the trainer's default is 256). A sweep that fits a law wants a large, fixed set:
     * the loss of each run is one number the fit trusts.
     */
    @JsonPropertyDescription(
            "Validation examples (images, or sequences for lm) the final loss is averaged over, >= 1 (--val-size). Default: 256. A sweep that fits a law wants a large, fixed set.")
    @Min(1)
    private Integer valSize;

    /** Intra-op threads for CPU training ({@code --threads}). */
    @JsonPropertyDescription(
            "Intra-op threads for CPU training, 1-1024 (--threads). Default: every core the trainer container sees.")
    @Min(1)
    @Max(1024)
    private Integer threads;

    /** Steps between checkpoints ({@code --checkpoint-every}). */
    @JsonPropertyDescription(
            "Optimiser steps between checkpoints, >= 1 (--checkpoint-every). Default: checkpoints only on SIGTERM and at the end.")
    @Min(1)
    private Long checkpointEvery;

    /** Training engine ({@code --engine}). */
    @JsonPropertyDescription(
            "Training engine of every trial: tensorflow (TensorFlow Java, graph mode) or djl (PyTorch through DJL, eager; the runner image carries both) (--engine). Default: tensorflow.")
    private Engine engine;

    public Engine getEngine() {
        return engine;
    }

    public void setEngine(Engine engine) {
        this.engine = engine;
    }

    public Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    public Integer getSeqLen() {
        return seqLen;
    }

    public void setSeqLen(Integer seqLen) {
        this.seqLen = seqLen;
    }

    public Integer getPatchSize() {
        return patchSize;
    }

    public void setPatchSize(Integer patchSize) {
        this.patchSize = patchSize;
    }

    public Double getScale() {
        return scale;
    }

    public void setScale(Double scale) {
        this.scale = scale;
    }

    public Optimizer getOptimizer() {
        return optimizer;
    }

    public void setOptimizer(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    public Double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(Double learningRate) {
        this.learningRate = learningRate;
    }

    public Long getWarmupSteps() {
        return warmupSteps;
    }

    public void setWarmupSteps(Long warmupSteps) {
        this.warmupSteps = warmupSteps;
    }

    public LrSchedule getLrSchedule() {
        return lrSchedule;
    }

    public void setLrSchedule(LrSchedule lrSchedule) {
        this.lrSchedule = lrSchedule;
    }

    public Double getWarmupFraction() {
        return warmupFraction;
    }

    public void setWarmupFraction(Double warmupFraction) {
        this.warmupFraction = warmupFraction;
    }

    /** Learning-rate decays after the warm-up. */
    public enum LrSchedule {
        /** Cosine to 10% of the peak at the last step: ends where the run ends. */
        @com.fasterxml.jackson.annotation.JsonProperty("cosine")
        COSINE,
        /** T5's inverse square root, peak x sqrt(warmup / (t + 1)): does not scale with the run. */
        @com.fasterxml.jackson.annotation.JsonProperty("rsqrt")
        RSQRT;

        /** The trainer's value. */
        public String flag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Double getWeightDecay() {
        return weightDecay;
    }

    public void setWeightDecay(Double weightDecay) {
        this.weightDecay = weightDecay;
    }

    public Double getPruneStart() {
        return pruneStart;
    }

    public void setPruneStart(Double pruneStart) {
        this.pruneStart = pruneStart;
    }

    public Double getPruneEnd() {
        return pruneEnd;
    }

    public void setPruneEnd(Double pruneEnd) {
        this.pruneEnd = pruneEnd;
    }

    public Long getPruneEvery() {
        return pruneEvery;
    }

    public void setPruneEvery(Long pruneEvery) {
        this.pruneEvery = pruneEvery;
    }

    public Boolean getPruneEmbeddings() {
        return pruneEmbeddings;
    }

    public void setPruneEmbeddings(Boolean pruneEmbeddings) {
        this.pruneEmbeddings = pruneEmbeddings;
    }

    public Boolean getStripPosTags() {
        return stripPosTags;
    }

    public void setStripPosTags(Boolean stripPosTags) {
        this.stripPosTags = stripPosTags;
    }

    public Integer getValSize() {
        return valSize;
    }

    public void setValSize(Integer valSize) {
        this.valSize = valSize;
    }

    public Integer getThreads() {
        return threads;
    }

    public void setThreads(Integer threads) {
        this.threads = threads;
    }

    public Long getCheckpointEvery() {
        return checkpointEvery;
    }

    public void setCheckpointEvery(Long checkpointEvery) {
        this.checkpointEvery = checkpointEvery;
    }
}
