package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
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
    @Min(1)
    @Max(1048576)
    private Integer batchSize;

    /** Tokens per sequence for {@code lm} ({@code --seq-len}). */
    @Min(1)
    @Max(1048576)
    private Integer seqLen;

    /** Patch edge in pixels for {@code vit} ({@code --patch-size}). */
    @Min(1)
    @Max(1024)
    private Integer patchSize;

    /** Parameter scale factor ({@code --scale}). */
    @Min(0)
    private Double scale;

    /** Optimiser ({@code --optimizer}). */
    private Optimizer optimizer;

    /** Peak learning rate ({@code --lr}). */
    @Min(0)
    @Max(10)
    private Double learningRate;

    /** Linear warm-up length ({@code --warmup-steps}). */
    @Min(0)
    private Long warmupSteps;

    /** Decoupled weight decay ({@code --weight-decay}). */
    @Min(0)
    @Max(10)
    private Double weightDecay;

    /** Fraction of training at which gradual pruning starts ({@code --prune-start}). */
    @Min(0)
    @Max(1)
    private Double pruneStart;

    /** Fraction of training at which the target sparsity is reached ({@code --prune-end}). */
    @Min(0)
    @Max(1)
    private Double pruneEnd;

    /** Steps between mask updates ({@code --prune-every}). */
    @Min(1)
    private Long pruneEvery;

    /** Whether embeddings are pruned too ({@code --prune-embeddings}). */
    private Boolean pruneEmbeddings;

    /**
     * Whether the text is word/TAG tokens, as in the Brown corpus, whose tags the trainer strips
     * ({@code --strip-pos-tags}).
     */
    private Boolean stripPosTags;

    /**
     * Validation examples (images, or sequences for lm) the final loss is averaged over ({@code
     * --val-size}; the trainer's default is 256). A sweep that fits a law wants a large, fixed set:
     * the loss of each run is one number the fit trusts.
     */
    @Min(1)
    private Integer valSize;

    /** Intra-op threads for CPU training ({@code --threads}). */
    @Min(1)
    @Max(1024)
    private Integer threads;

    /** Steps between checkpoints ({@code --checkpoint-every}). */
    @Min(1)
    private Long checkpointEvery;

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
