package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How the scaling law is fitted once every trial is terminal. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FittingSpec {
    /** False skips the fitting Job; the sweep completes when the trials do. */
    @JsonPropertyDescription(
            "False creates no fitting Job: the sweep completes with its trials (reason TrialsFinished). Default: true.")
    @Default("true")
    private Boolean enabled;

    /** Space in which residuals are measured; unset follows the task (see SpecFitOptions). */
    @JsonPropertyDescription(
            "Space in which the fit measures residuals: log or linear. Default: log for task lm,"
                    + " linear for task vit (the paper's settings).")
    private ResidualSpace residualSpace;

    /** Huber loss delta. */
    @JsonPropertyDescription(
            "Threshold of the Huber loss, > 0, in residual units. Default: 0.01 for linear residuals, 0.001 for log residuals (the paper's).")
    @Min(0)
    private Double huberDelta;

    /** Random starts of the optimiser. */
    @JsonPropertyDescription(
            "Random starts of the Levenberg-Marquardt optimiser, 1-10000. Default: 25.")
    @Min(1)
    @Max(10000)
    private Integer starts;

    /** Seed of the random starts and the bootstrap. */
    @JsonPropertyDescription(
            "Seed of the random starts and of the bootstrap resamples. Default: 0.")
    private Long seed;

    /** Bootstrap resamples for confidence intervals (0 = none). */
    @JsonPropertyDescription(
            "Bootstrap resamples for the 95% confidence intervals, 0-100000; 0 computes none. Default: 0.")
    @Min(0)
    @Max(100000)
    private Integer bootstrap;

    /** Points to hold out and predict, e.g. {@code nonzero_params == max} (see sparsesweep fit). */
    @JsonPropertyDescription(
            "Points held out of the fit and predicted: a `sparsesweep fit --holdout` expression such as nonzero_params == max, at most 256 characters. Default: none.")
    @io.fabric8.generator.annotation.Size(max = 256)
    private String holdout;

    /**
     * Cross-validation next to the hold-out: {@code sizes} leaves each model size out in turn (see
     * {@code sparsesweep fit --cv}).
     */
    @JsonPropertyDescription(
            "Cross-validation next to the hold-out: sizes leaves each model size (N/(1-S), every sparsity and length) out in turn, fits the rest and predicts it (sparsesweep fit --cv). Default: none.")
    private CrossValidation cv;

    /** Succeeded trials needed before fitting (default: 7, the law's parameter count). */
    @JsonPropertyDescription(
            "Succeeded trials needed before the fitting Job starts, >= 1; fewer fail the sweep with reason NotEnoughResults. Default: 7 (the law's parameter count).")
    @Min(1)
    private Integer minSucceededTrials;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public ResidualSpace getResidualSpace() {
        return residualSpace;
    }

    public void setResidualSpace(ResidualSpace residualSpace) {
        this.residualSpace = residualSpace;
    }

    public Double getHuberDelta() {
        return huberDelta;
    }

    public void setHuberDelta(Double huberDelta) {
        this.huberDelta = huberDelta;
    }

    public Integer getStarts() {
        return starts;
    }

    public void setStarts(Integer starts) {
        this.starts = starts;
    }

    public Long getSeed() {
        return seed;
    }

    public void setSeed(Long seed) {
        this.seed = seed;
    }

    public Integer getBootstrap() {
        return bootstrap;
    }

    public void setBootstrap(Integer bootstrap) {
        this.bootstrap = bootstrap;
    }

    public String getHoldout() {
        return holdout;
    }

    public void setHoldout(String holdout) {
        this.holdout = holdout;
    }

    public CrossValidation getCv() {
        return cv;
    }

    public void setCv(CrossValidation cv) {
        this.cv = cv;
    }

    public Integer getMinSucceededTrials() {
        return minSucceededTrials;
    }

    public void setMinSucceededTrials(Integer minSucceededTrials) {
        this.minSucceededTrials = minSucceededTrials;
    }

    /** Whether a fitting Job runs. */
    public boolean fits() {
        return !Boolean.FALSE.equals(enabled);
    }

    /** Succeeded trials needed before fitting, with its default applied. */
    public int effectiveMinSucceededTrials() {
        return minSucceededTrials == null ? 7 : minSucceededTrials;
    }

    /** What cross-validation leaves out. */
    public enum CrossValidation {
        /** Each model size in turn. */
        @JsonProperty("sizes")
        SIZES
    }

    /** Residual spaces of the fit. */
    public enum ResidualSpace {
        /** Residuals of log(loss). */
        @JsonProperty("log")
        LOG,
        /** Residuals of the loss itself. */
        @JsonProperty("linear")
        LINEAR
    }
}
