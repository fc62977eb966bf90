package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Observed state of a sweep. The operator writes everything except {@code fit}, which the sweep's
 * fitting Job writes; status patches are JSON merge patches, so neither overwrites the other.
 */
@JsonClassDescription(
        "Observed state of the sweep, written by the operator: phase, trial counts and per-trial results, the fitting Job, the fitted law, and conditions.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SparseSweepStatus {
    /** The spec generation this status reflects. */
    @JsonPropertyDescription("The metadata.generation of the spec this status reflects.")
    private Long observedGeneration;

    /** Summary phase for printer columns; the conditions are authoritative. */
    @JsonPropertyDescription(
            "Summary phase (printer column Phase): Pending, Running, Suspended, Fitting, Complete, Failed or Invalid. The conditions are authoritative.")
    private SweepPhase phase;

    /** Terminal trials over total, e.g. {@code 30/48}. */
    @JsonPropertyDescription(
            "Terminal trials over all trials, e.g. 30/48 (printer column Done/Total).")
    @Size(max = 32)
    private String progress;

    /** Trials by state. */
    @JsonPropertyDescription("Trials by state.")
    private TrialCounts trialCounts;

    /** Lowest validation loss among succeeded trials. */
    @JsonPropertyDescription(
            "Lowest final validation loss (cross-entropy in nats) among succeeded trials (printer column Best loss).")
    private Double bestValLoss;

    /** When the first trial was launched (RFC 3339). */
    @JsonPropertyDescription("When the first trial was launched (RFC 3339).")
    @Size(max = SweepLimits.MAX_TIME_LENGTH)
    private String startTime;

    /** When the sweep became Complete or Failed (RFC 3339). */
    @JsonPropertyDescription("When the sweep became Complete or Failed (RFC 3339).")
    @Size(max = SweepLimits.MAX_TIME_LENGTH)
    private String completionTime;

    /** ConfigMap holding the results CSV. */
    @JsonPropertyDescription(
            "Name of the ConfigMap whose key results.csv holds one row per succeeded trial: the input of sparsesweep fit.")
    @Size(max = SweepLimits.MAX_NAME_LENGTH)
    private String resultsConfigMap;

    /** One entry per trial, keyed by id. */
    @JsonPropertyDescription("One entry per trial, in plan order, at most 1000.")
    @Size(max = SweepLimits.MAX_TRIALS)
    private List<TrialStatus> trials = new ArrayList<>();

    /** The fitting Job as the operator sees it. */
    @JsonPropertyDescription("The fitting Job as the operator observes it.")
    private FitJobStatus fitJob;

    /** The fitted law, written by the fitting Job. */
    @JsonPropertyDescription("The fitted scaling law and the fitter's report.")
    private FitStatus fit;

    /** Ready, Progressing, Suspended, Complete and Failed, in the metav1.Condition shape. */
    @JsonPropertyDescription(
            "Ready, Progressing, Suspended, Complete and Failed in the metav1.Condition shape, each with observedGeneration; kubectl wait --for=condition=Complete (or Failed) waits on them.")
    @Size(max = 8)
    @SchemaFrom(type = ConditionSchema[].class)
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public SweepPhase getPhase() {
        return phase;
    }

    public void setPhase(SweepPhase phase) {
        this.phase = phase;
    }

    public String getProgress() {
        return progress;
    }

    public void setProgress(String progress) {
        this.progress = progress;
    }

    public TrialCounts getTrialCounts() {
        return trialCounts;
    }

    public void setTrialCounts(TrialCounts trialCounts) {
        this.trialCounts = trialCounts;
    }

    public Double getBestValLoss() {
        return bestValLoss;
    }

    public void setBestValLoss(Double bestValLoss) {
        this.bestValLoss = bestValLoss;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

    public String getResultsConfigMap() {
        return resultsConfigMap;
    }

    public void setResultsConfigMap(String resultsConfigMap) {
        this.resultsConfigMap = resultsConfigMap;
    }

    public List<TrialStatus> getTrials() {
        return trials;
    }

    public void setTrials(List<TrialStatus> trials) {
        this.trials = trials;
    }

    public FitJobStatus getFitJob() {
        return fitJob;
    }

    public void setFitJob(FitJobStatus fitJob) {
        this.fitJob = fitJob;
    }

    public FitStatus getFit() {
        return fit;
    }

    public void setFit(FitStatus fit) {
        this.fit = fit;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
