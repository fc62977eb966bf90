package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
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
@JsonClassDescription(
        "What to sweep and how to run it. task, dataset, model, grid, training and trainer define the trials and are immutable; parallelism, failurePolicy, suspend, fitting, queueName, podTemplate and retainTrialJobs may change while the sweep runs.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value =
                "!has(self.datasetVolume) || self.dataset.matches('"
                        + SparseSweepSpec.MOUNT_PATH_PATTERN
                        + "')",
        message =
                "spec.dataset must be an absolute path (no '.' or '..' segments) when"
                        + " spec.datasetVolume is set: it is where the claim is mounted",
        fieldPath = ".dataset")
@ValidationRule(
        value =
                "!has(self.model) || !has(self.grid) || "
                        + SparseSweepSpec.TRIALS
                        + " <= "
                        + SweepLimits.MAX_TRIALS,
        message =
                "spec.grid: expands to more than "
                        + SweepLimits.MAX_TRIALS
                        + " trials (model sizes x steps x seeds x (dense + sparsities + n:m"
                        + " patterns))",
        fieldPath = ".grid",
        reason = "FieldValueInvalid")
@ValidationRule(
        value = "has(self.training) == has(oldSelf.training)",
        message = "spec.training is immutable: it cannot be added or removed once the sweep exists",
        fieldPath = ".training")
@ValidationRule(
        value = "has(self.datasetVolume) == has(oldSelf.datasetVolume)",
        message =
                "spec.datasetVolume is immutable: it cannot be added or removed once the sweep"
                        + " exists",
        fieldPath = ".datasetVolume")
public class SparseSweepSpec {
    /** What {@link #dataset} must look like when it is the mount path of {@link #datasetVolume}. */
    public static final String MOUNT_PATH_PATTERN = "^(/[A-Za-z0-9_][A-Za-z0-9._-]*)+$";

    /**
     * The number of trials as CEL counts it at admission: sizes x steps x seeds x (dense + the
     * nonzero sparsities when {@code unstructured} is listed + the n:m patterns). It counts list
     * entries where {@code SweepPlanner.count} counts distinct points, so two size labels with the
     * same dimensions count twice here: admission may refuse a grid the planner would take, never
     * the other way round.
     */
    static final String TRIALS =
            "(size(self.model.sizes) * size(self.grid.steps)"
                    + " * (has(self.grid.seeds) && size(self.grid.seeds) > 0 ? size(self.grid.seeds) : 1)"
                    + " * ((has(self.grid.sparsities) && self.grid.sparsities.exists(s, s == 0.0) ? 1 : 0)"
                    + " + (!has(self.grid.patterns) || size(self.grid.patterns) == 0"
                    + " || self.grid.patterns.exists(p, p == 'unstructured')"
                    + " ? (has(self.grid.sparsities) ? size(self.grid.sparsities.filter(s, s != 0.0)) : 0)"
                    + " : 0)"
                    + " + (has(self.grid.patterns) ? size(self.grid.patterns.filter(p, p != 'unstructured')) : 0)))";

    /** The training task: a vision transformer or a language model. */
    @JsonPropertyDescription(
            "Training task: vit (vision transformer on image patches) or lm (decoder-only language model on byte sequences); the trainer's --task. Required; immutable.")
    @Required
    @ValidationRule(value = "self == oldSelf", message = "spec.task is immutable")
    private Task task;

    /**
     * What the trainer reads ({@code --dataset}): a built-in name ({@code synthetic}, {@code
     * synthetic-vit}) or an absolute path, which on a cluster is where {@link #datasetVolume} is
     * mounted.
     */
    @JsonPropertyDescription(
            "Data set passed to every trial as --dataset: synthetic, synthetic-vit or an absolute path (docs/trainer.md lists them); with datasetVolume, the path where the claim is mounted in trial pods. Required; immutable.")
    @Required
    @Size(min = 1, max = 253)
    @Pattern("^/?[A-Za-z0-9_][A-Za-z0-9._/:-]*$")
    @ValidationRule(value = "self == oldSelf", message = "spec.dataset is immutable")
    private String dataset;

    /** The claim holding the data set on a cluster, mounted read-only at {@link #dataset}. */
    @JsonPropertyDescription(
            "A PersistentVolumeClaim in the sweep's namespace (and a directory inside it) mounted read-only at spec.dataset in every trial pod; ./sparsesweep run reads spec.dataset from the local disk instead. Optional; immutable.")
    @ValidationRule(value = "self == oldSelf", message = "spec.datasetVolume is immutable")
    private DatasetVolume datasetVolume;

    /** The model family's sizes: one grid axis. */
    @JsonPropertyDescription(
            "The model family: its sizes are one grid axis (N, non-zero parameters). Required; immutable.")
    @Required
    @ValidationRule(value = "self == oldSelf", message = "spec.model is immutable")
    private ModelSpec model;

    /** The other grid axes: sparsities, patterns, steps, seeds. */
    @JsonPropertyDescription(
            "The other grid axes: target sparsities, sparsity patterns, training lengths and seeds. Every size x steps x seed x (sparsity or pattern) is one trial, at most 1000 in all. Required; immutable.")
    @Required
    @ValidationRule(value = "self == oldSelf", message = "spec.grid is immutable")
    private GridSpec grid;

    /** Settings shared by every trial (batch, optimiser, pruning schedule). */
    @JsonPropertyDescription(
            "Training settings shared by every trial, each one a `sparsesweep train` flag; unset fields are not passed, so the trainer's defaults apply. Immutable.")
    @ValidationRule(value = "self == oldSelf", message = "spec.training is immutable")
    private TrainingSpec training;

    /** The trainer container: image, command, resources and accelerator placement. */
    @JsonPropertyDescription(
            "The trainer container of every trial Job (image, command, resources) and where it runs (accelerator, profile, node selector, tolerations). Required; immutable.")
    @Required
    @ValidationRule(value = "self == oldSelf", message = "spec.trainer is immutable")
    private TrainerSpec trainer;

    /** How many trials may run at once. */
    @JsonPropertyDescription(
            "Most trials running at once, 1-1000. Mutable. Default: the operator's defaults.parallelism (Helm value sweeps.defaultParallelism, 4).")
    @Min(1)
    @Max(1000)
    private Integer parallelism;

    /** When and how trials are retried and the sweep fails. */
    @JsonPropertyDescription(
            "Retries per trial and the failed-trial budget. Mutable. Default: 2 retries per trial, no trial may fail for good.")
    private FailurePolicy failurePolicy;

    /** True stops new trials; running trials finish. */
    @JsonPropertyDescription(
            "True launches no new trials; trials already running finish. Mutable. Default: false.")
    @Default("false")
    private Boolean suspend;

    /** How the law is fitted once the trials are done. */
    @JsonPropertyDescription(
            "How the scaling law is fitted once every trial is terminal. Mutable. Default: fitting on, with the paper's settings for the task.")
    private FittingSpec fitting;

    /** Kueue LocalQueue name stamped on every trial Job. */
    @JsonPropertyDescription(
            "Kueue LocalQueue: sets the label kueue.x-k8s.io/queue-name on every trial Job, so Kueue admits them. Mutable. Default: the operator's sweeps.kueueQueue (none).")
    @Size(max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String queueName;

    /** Labels, annotations, affinity, PriorityClass and pull Secrets of the sweep's Jobs. */
    @JsonPropertyDescription(
            "Pod-template controls of the sweep's Jobs and pods: labels, annotations (e.g. Kueue topology-aware scheduling), affinity, priorityClassName and imagePullSecrets, merged over the accelerator profile's and the operator's; the operator's own labels always win and are refused here. Mutable: applies to Jobs created after the change. Default: none.")
    private PodTemplateOptions podTemplate;

    /** Keep finished trial Jobs (and their pods) instead of deleting them once recorded. */
    @JsonPropertyDescription(
            "Keep finished trial Jobs and their pods after their results are recorded (for debugging). Mutable. Default: false (deleted once recorded).")
    @Default("false")
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

    public DatasetVolume getDatasetVolume() {
        return datasetVolume;
    }

    public void setDatasetVolume(DatasetVolume datasetVolume) {
        this.datasetVolume = datasetVolume;
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

    public PodTemplateOptions getPodTemplate() {
        return podTemplate;
    }

    public void setPodTemplate(PodTemplateOptions podTemplate) {
        this.podTemplate = podTemplate;
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
