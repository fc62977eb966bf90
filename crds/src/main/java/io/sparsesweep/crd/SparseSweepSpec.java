package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What to sweep and how to run it. The task, data set, model sizes, grid and training settings are
 * immutable (they define the trials); parallelism, suspend, the failure policy and fitting options
 * may change while the sweep runs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SparseSweepSpec {
    /** The training task: a vision transformer or a language model. */
    @Required
    @JsonPropertyDescription("Training task: vit or lm. Immutable.")
    @ValidationRule(value = "self == oldSelf", message = "spec.task is immutable")
    private Task task;

    /** Data set name understood by the trainer (for example {@code synthetic-vit}). */
    @Required
    @Size(min = 1, max = 253)
    @Pattern("^[A-Za-z0-9][A-Za-z0-9._/:-]*$")
    @JsonPropertyDescription("Data set name passed to the trainer as --dataset. Immutable.")
    @ValidationRule(value = "self == oldSelf", message = "spec.dataset is immutable")
    private String dataset;

    /** The model family's sizes: one grid axis. */
    @Required
    @JsonPropertyDescription("Model sizes (one grid axis). Immutable.")
    @ValidationRule(value = "self == oldSelf", message = "spec.model is immutable")
    private ModelSpec model;

    /** The other grid axes: sparsities, patterns, steps, seeds. */
    @Required
    @JsonPropertyDescription("Grid axes: sparsities, patterns, steps, seeds. Immutable.")
    @ValidationRule(value = "self == oldSelf", message = "spec.grid is immutable")
    private GridSpec grid;

    /** Settings shared by every trial (batch, optimiser, pruning schedule). */
    @JsonPropertyDescription("Training settings shared by every trial. Immutable.")
    @ValidationRule(value = "self == oldSelf", message = "spec.training is immutable")
    private TrainingSpec training;

    /** The trainer container: image, command, resources and accelerator placement. */
    @Required
    @JsonPropertyDescription("The trainer container and its placement. Immutable.")
    @ValidationRule(value = "self == oldSelf", message = "spec.trainer is immutable")
    private TrainerSpec trainer;

    /** How many trials may run at once. */
    @Min(1)
    @Max(1000)
    @JsonPropertyDescription(
            "Maximum number of trials running at once (mutable; default from the operator).")
    private Integer parallelism;

    /** When and how trials are retried and the sweep fails. */
    @JsonPropertyDescription("Retries per trial and failed-trial budget (mutable).")
    private FailurePolicy failurePolicy;

    /** True stops new trials; running trials finish. */
    @Default("false")
    @JsonPropertyDescription("True stops launching new trials; running trials finish.")
    private Boolean suspend;

    /** How the law is fitted once the trials are done. */
    @JsonPropertyDescription("Fitting options for the scaling law (mutable).")
    private FittingSpec fitting;

    /** Kueue LocalQueue name stamped on every trial Job. */
    @Size(max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Kueue LocalQueue; sets the kueue.x-k8s.io/queue-name label.")
    private String queueName;

    /** Keep finished trial Jobs (and their pods) instead of deleting them once recorded. */
    @Default("false")
    @JsonPropertyDescription("Keep finished trial Jobs after their results are recorded.")
    private Boolean retainTrialJobs;

    public Task getTask() {
        return task;
    }

    public void setTask(Task task) {
        this.task = task;
    }

    public String getDataset() {
        return dataset;
    }

    public void setDataset(String dataset) {
        this.dataset = dataset;
    }

    public ModelSpec getModel() {
        return model;
    }

    public void setModel(ModelSpec model) {
        this.model = model;
    }

    public GridSpec getGrid() {
        return grid;
    }

    public void setGrid(GridSpec grid) {
        this.grid = grid;
    }

    public TrainingSpec getTraining() {
        return training;
    }

    public void setTraining(TrainingSpec training) {
        this.training = training;
    }

    public TrainerSpec getTrainer() {
        return trainer;
    }

    public void setTrainer(TrainerSpec trainer) {
        this.trainer = trainer;
    }

    public Integer getParallelism() {
        return parallelism;
    }

    public void setParallelism(Integer parallelism) {
        this.parallelism = parallelism;
    }

    public FailurePolicy getFailurePolicy() {
        return failurePolicy;
    }

    public void setFailurePolicy(FailurePolicy failurePolicy) {
        this.failurePolicy = failurePolicy;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public FittingSpec getFitting() {
        return fitting;
    }

    public void setFitting(FittingSpec fitting) {
        this.fitting = fitting;
    }

    public String getQueueName() {
        return queueName;
    }

    public void setQueueName(String queueName) {
        this.queueName = queueName;
    }

    public Boolean getRetainTrialJobs() {
        return retainTrialJobs;
    }

    public void setRetainTrialJobs(Boolean retainTrialJobs) {
        this.retainTrialJobs = retainTrialJobs;
    }

    /** Parallelism, or {@code fallback} when the spec leaves it to the operator. */
    public int effectiveParallelism(int fallback) {
        return parallelism == null ? fallback : parallelism;
    }

    /** Whether the user asked to stop launching trials. */
    public boolean suspended() {
        return Boolean.TRUE.equals(suspend);
    }

    /** Whether finished trial Jobs stay after their results are recorded. */
    public boolean retainsTrialJobs() {
        return Boolean.TRUE.equals(retainTrialJobs);
    }

    /** The failure policy, or the defaults when absent. */
    public FailurePolicy effectiveFailurePolicy() {
        return failurePolicy == null ? new FailurePolicy() : failurePolicy;
    }

    /** The fitting options, or the defaults when absent. */
    public FittingSpec effectiveFitting() {
        return fitting == null ? new FittingSpec() : fitting;
    }

    /** The training settings, or the defaults when absent. */
    public TrainingSpec effectiveTraining() {
        return training == null ? new TrainingSpec() : training;
    }
}
