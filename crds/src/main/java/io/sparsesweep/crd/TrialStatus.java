package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** One trial: its grid point, state, attempts and result. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrialStatus {
    /** Stable id derived from the grid point. */
    @Required private String id;

    /** Model size name. */
    private String size;

    /** Target sparsity. */
    private Double sparsity;

    /** Sparsity pattern. */
    private String pattern;

    /** Optimiser steps. */
    private Long steps;

    /** Seed. */
    private Integer seed;

    /** Current state. */
    private TrialState state;

    /** Attempts launched so far. */
    private Integer attempts;

    /** Job of the latest attempt. */
    private String job;

    /** Final validation loss. */
    private Double valLoss;

    /** Nonzero parameters at the end of training. */
    private Long nonzeroParams;

    /** Training examples seen. */
    private Long examples;

    /** Why the trial failed or how it ended. */
    private String message;

    /** When the trial reached a terminal state (RFC 3339). */
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
