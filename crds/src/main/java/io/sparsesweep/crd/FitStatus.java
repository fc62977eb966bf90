package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Size;

/** The fitted law: reported by the sweep's fitting Job (its log), recorded by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FitStatus {
    /** Succeeded or Failed. */
    @JsonPropertyDescription("Succeeded or Failed.")
    @Size(max = 16)
    private String state;

    /** The law with fitted parameters, one line. */
    @JsonPropertyDescription("The law with its fitted coefficients, on one line.")
    @Size(max = SweepLimits.MAX_MESSAGE_LENGTH)
    private String law;

    /** Objective value at the optimum. */
    @JsonPropertyDescription("Value of the fit's Huber objective at the optimum (lower is better).")
    private Double objective;

    /** Points used in the fit. */
    @JsonPropertyDescription("Trial results used in the fit.")
    private Integer points;

    /**
     * Coefficients the data do not determine (see the report's {@code diagnostics}): their fitted
     * values and intervals carry no information.
     */
    @JsonPropertyDescription(
            "Coefficients the data do not determine (see report.diagnostics): their fitted values and intervals carry no information.")
    @io.fabric8.generator.annotation.Size(max = 7)
    private java.util.List<String> notIdentified;

    /** Mean |predicted/measured - 1| on the held-out points, when spec.fitting.holdout is set. */
    @JsonPropertyDescription(
            "Mean |predicted/measured - 1| on the held-out configurations (spec.fitting.holdout), as a fraction.")
    private Double holdoutMeanAbsRelError;

    /** Mean |predicted/measured - 1| of leave-one-size-out cross-validation (spec.fitting.cv). */
    @JsonPropertyDescription(
            "Mean |predicted/measured - 1| of leave-one-size-out cross-validation (spec.fitting.cv), as a fraction.")
    private Double cvMeanAbsRelError;

    /** Why the fit failed. */
    @JsonPropertyDescription("Why the fit failed.")
    @Size(max = SweepLimits.MAX_MESSAGE_LENGTH)
    private String message;

    /** When the fit finished (RFC 3339). */
    @JsonPropertyDescription("When the fit finished (RFC 3339).")
    @Size(max = SweepLimits.MAX_TIME_LENGTH)
    private String fittedAt;

    /** Fit duration in seconds. */
    @JsonPropertyDescription("Wall-clock duration of the fit, in seconds.")
    private Double durationSeconds;

    /** The fitter's full report (parameters, intervals, holdout, derived quantities). */
    @JsonPropertyDescription(
            "The fitter's full report, as `sparsesweep fit --json` prints it: coefficients, intervals, hold-out check, derived quantities, diagnostics.")
    @PreserveUnknownFields
    private JsonNode report;

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getLaw() {
        return law;
    }

    public void setLaw(String law) {
        this.law = law;
    }

    public Double getObjective() {
        return objective;
    }

    public void setObjective(Double objective) {
        this.objective = objective;
    }

    public Integer getPoints() {
        return points;
    }

    public void setPoints(Integer points) {
        this.points = points;
    }

    public java.util.List<String> getNotIdentified() {
        return notIdentified;
    }

    public void setNotIdentified(java.util.List<String> notIdentified) {
        this.notIdentified = notIdentified;
    }

    public Double getHoldoutMeanAbsRelError() {
        return holdoutMeanAbsRelError;
    }

    public void setHoldoutMeanAbsRelError(Double holdoutMeanAbsRelError) {
        this.holdoutMeanAbsRelError = holdoutMeanAbsRelError;
    }

    public Double getCvMeanAbsRelError() {
        return cvMeanAbsRelError;
    }

    public void setCvMeanAbsRelError(Double cvMeanAbsRelError) {
        this.cvMeanAbsRelError = cvMeanAbsRelError;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getFittedAt() {
        return fittedAt;
    }

    public void setFittedAt(String fittedAt) {
        this.fittedAt = fittedAt;
    }

    public Double getDurationSeconds() {
        return durationSeconds;
    }

    public void setDurationSeconds(Double durationSeconds) {
        this.durationSeconds = durationSeconds;
    }

    public JsonNode getReport() {
        return report;
    }

    public void setReport(JsonNode report) {
        this.report = report;
    }
}
