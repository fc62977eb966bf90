package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One trial: its grid point, state, attempts and result. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrialStatus {
    /** Stable id derived from the grid point. */
    @JsonPropertyDescription(
            "Stable trial id: the first 8 hex digits of SHA-256 of the canonical grid point; the same point keeps its id across list reorderings and operator restarts.")
    @Size(max = 16)
    @Required
    private String id;

    /** Model size name. */
    @JsonPropertyDescription("Name of the trial's model size (spec.model.sizes[].name).")
    @Size(max = 16)
    private String size;

    /** Target sparsity. */
    @JsonPropertyDescription("Target sparsity in [0, 1); 1 - n/m for an n:m pattern.")
    private Double sparsity;

    /** Sparsity pattern. */
    @JsonPropertyDescription("Sparsity pattern: unstructured or n:m.")
    @Size(max = 16)
    private String pattern;

    /** Optimiser steps. */
    @JsonPropertyDescription("Training length in optimiser steps.")
    private Long steps;

    /** Seed. */
    @JsonPropertyDescription("Random seed of the trial.")
    private Integer seed;

    /** Current state. */
    @JsonPropertyDescription(
            "Pending, Running, Succeeded, Failed, ResultUnavailable (the Job succeeded without a valid result; counts as failed) or Cancelled (stopped because the sweep failed).")
    private TrialState state;

    /** Attempts launched so far. */
    @JsonPropertyDescription("Attempts launched so far (1 + retries).")
    private Integer attempts;

    /** Job of the latest attempt. */
    @JsonPropertyDescription("Name of the Job of the latest attempt, <sweep>-<id>-a<attempt>.")
    @Size(max = 63)
    private String job;

    /** Final validation loss. */
    @JsonPropertyDescription("Final validation loss (cross-entropy in nats) of a succeeded trial.")
    private Double valLoss;

    /** Nonzero parameters at the end of training. */
    @JsonPropertyDescription("Non-zero parameters at the end of training (N in the law).")
    private Long nonzeroParams;

    /** Sparsity the trial reached. */
    @JsonPropertyDescription(
            "Sparsity a succeeded trial reached: 1 - nonzeroParams / block weights (the fit uses it).")
    private Double achievedSparsity;

    /** The trainer's training FLOPs per example. */
    @JsonPropertyDescription(
            "Training FLOPs per example of the trial's model with every weight dense, as the trainer counts them.")
    private Double trainFlopsPerExample;

    /** The block-matmul part of them. */
    @JsonPropertyDescription(
            "The part of trainFlopsPerExample in the transformer-block matmuls, which pruning could save.")
    private Double blockFlopsPerExample;

    /** Training examples seen. */
    @JsonPropertyDescription("Training examples seen (D in the law: steps x batch size).")
    private Long examples;

    /** Why the trial failed or how it ended. */
    @JsonPropertyDescription("Why the trial failed, or how it ended.")
    @Size(max = SweepLimits.MAX_TRIAL_MESSAGE_LENGTH)
    private String message;

    /** When the trial reached a terminal state (RFC 3339). */
    @JsonPropertyDescription("When the trial reached a terminal state (RFC 3339).")
    @Size(max = SweepLimits.MAX_TIME_LENGTH)
    private String finishedAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public Double getSparsity() {
        return sparsity;
    }

    public void setSparsity(Double sparsity) {
        this.sparsity = sparsity;
    }

    public String getPattern() {
        return pattern;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public Long getSteps() {
        return steps;
    }

    public void setSteps(Long steps) {
        this.steps = steps;
    }

    public Integer getSeed() {
        return seed;
    }

    public void setSeed(Integer seed) {
        this.seed = seed;
    }

    public TrialState getState() {
        return state;
    }

    public void setState(TrialState state) {
        this.state = state;
    }

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public String getJob() {
        return job;
    }

    public void setJob(String job) {
        this.job = job;
    }

    public Double getValLoss() {
        return valLoss;
    }

    public void setValLoss(Double valLoss) {
        this.valLoss = valLoss;
    }

    public Long getNonzeroParams() {
        return nonzeroParams;
    }

    public void setNonzeroParams(Long nonzeroParams) {
        this.nonzeroParams = nonzeroParams;
    }

    public Double getAchievedSparsity() {
        return achievedSparsity;
    }

    public void setAchievedSparsity(Double achievedSparsity) {
        this.achievedSparsity = achievedSparsity;
    }

    public Double getTrainFlopsPerExample() {
        return trainFlopsPerExample;
    }

    public void setTrainFlopsPerExample(Double trainFlopsPerExample) {
        this.trainFlopsPerExample = trainFlopsPerExample;
    }

    public Double getBlockFlopsPerExample() {
        return blockFlopsPerExample;
    }

    public void setBlockFlopsPerExample(Double blockFlopsPerExample) {
        this.blockFlopsPerExample = blockFlopsPerExample;
    }

    public Long getExamples() {
        return examples;
    }

    public void setExamples(Long examples) {
        this.examples = examples;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(String finishedAt) {
        this.finishedAt = finishedAt;
    }

    /** Attempts with null read as 0. */
    public int attemptsSoFar() {
        return attempts == null ? 0 : attempts;
    }
}
