package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Observed state of a sweep. The operator writes everything except {@code fit}, which the sweep's
 * fitting Job writes; status patches are JSON merge patches, so neither overwrites the other.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SparseSweepStatus {
    /** The spec generation this status reflects. */
    private Long observedGeneration;

    /** Summary phase for printer columns; the conditions are authoritative. */
    private SweepPhase phase;

    /** Terminal trials over total, e.g. {@code 30/48}. */
    private String progress;

    /** Trials by state. */
    private TrialCounts trialCounts;

    /** Lowest validation loss among succeeded trials. */
    private Double bestValLoss;

    /** When the first trial was launched (RFC 3339). */
    private String startTime;

    /** When the sweep became Complete or Failed (RFC 3339). */
    private String completionTime;

    /** ConfigMap holding the results CSV. */
    private String resultsConfigMap;

    /** One entry per trial, keyed by id. */
    @Size(max = SweepLimits.MAX_TRIALS)
    private List<TrialStatus> trials = new ArrayList<>();

    /** The fitting Job as the operator sees it. */
    private FitJobStatus fitJob;

    /** The fitted law, written by the fitting Job. */
    private FitStatus fit;

    /** Ready, Progressing, Suspended, Complete and Failed, in the metav1.Condition shape. */
    @Size(max = 8)
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
