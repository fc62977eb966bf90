package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainer container of every trial Job and where it is scheduled. Either set the accelerator,
 * node selector and tolerations here, or name an accelerator profile the operator was installed
 * with; fields set here override the profile's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainerSpec {
    /** Container image holding {@code sparsesweep train}; defaults to the operator's setting. */
    @JsonPropertyDescription(
            "Container image holding `sparsesweep train` (the runner image). Default: the operator's trainer image (Helm value sweeps.trainerImage).")
    @Size(min = 1, max = 512)
    @Pattern("^[!-~]+$")
    private String image;

    /** Command; the trial's flags are appended as arguments. */
    @JsonPropertyDescription(
            "Command of the trainer container, at most 16 entries; the trial's flags are appended as arguments. Default: [sparsesweep, train].")
    @Size(max = 16)
    private List<String> command = new ArrayList<>(List.of("sparsesweep", "train"));

    /** Image pull policy. */
    @JsonPropertyDescription(
            "Pull policy of the trainer image: Always, IfNotPresent or Never. Default: the operator's (Helm value sweeps.trainerImage.pullPolicy).")
    @Pattern("^(Always|IfNotPresent|Never)$")
    private String imagePullPolicy;

    /** CPU/memory requests and limits of the trainer container. */
    @JsonPropertyDescription(
            "CPU, memory and other requests and limits of the trainer container. Default: the accelerator profile's, else the operator's sweeps.trainerResources.")
    @SchemaFrom(type = TrainerSchemas.Resources.class)
    private ResourceRequirements resources;

    /** GPUs or TPU chips per trial pod. */
    @JsonPropertyDescription(
            "GPUs or TPU chips per trial pod: requests = limits of the extended resource, plus a toleration of its taint. Default: the accelerator profile's, else none (CPU only).")
    private AcceleratorSpec accelerator;

    /** Name of an accelerator profile from the operator's Helm values. */
    @JsonPropertyDescription(
            "Name of an accelerator profile from the operator's Helm values (sweeps.acceleratorProfiles: accelerator, resources, node selector, tolerations); fields set in this trainer block win. Default: none.")
    @Size(max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String acceleratorProfile;

    /** Node labels, e.g. cloud.google.com/gke-accelerator or gke-tpu-topology. */
    @JsonPropertyDescription(
            "Node labels trial pods must match, at most 32, e.g. cloud.google.com/gke-accelerator: nvidia-l4; merged over the profile's. Default: none.")
    @Size(max = 32)
    private Map<String, @Size(max = 63) @Pattern(KubeSyntax.LABEL_VALUE) String> nodeSelector =
            new LinkedHashMap<>();

    /** Extra tolerations (accelerator taints are tolerated automatically). */
    @JsonPropertyDescription(
            "Extra tolerations of trial pods, at most 32; the accelerator's taint is tolerated without one. Default: none.")
    @Size(max = 32)
    @SchemaFrom(type = TrainerSchemas.Toleration[].class)
    private List<Toleration> tolerations = new ArrayList<>();

    /** Extra environment of the trainer container. */
    @JsonPropertyDescription(
            "Extra environment variables of the trainer container, at most 64. Default: none.")
    @Size(max = 64)
    @SchemaFrom(type = TrainerSchemas.Env[].class)
    private List<EnvVar> env = new ArrayList<>();

    /** Service account of trial pods. */
    @JsonPropertyDescription(
            "ServiceAccount of trial pods; its token is never mounted. Default: the operator's trial ServiceAccount.")
    @Size(max = 253)
    @Pattern(KubeSyntax.DNS_SUBDOMAIN)
    private String serviceAccountName;

    /** A PersistentVolumeClaim mounted at checkpointPath; without it checkpoints use emptyDir. */
    @JsonPropertyDescription(
            "PersistentVolumeClaim mounted at checkpointPath, so a retried or preempted trial resumes from its checkpoint. Default: none (an emptyDir, lost with the pod).")
    @Size(max = 253)
    @Pattern(KubeSyntax.DNS_SUBDOMAIN)
    private String checkpointVolumeClaim;

    /** Where checkpoints live in the container; each trial uses its own sub-directory. */
    @JsonPropertyDescription(
            "Absolute path of the checkpoint root in the container; each trial writes to <checkpointPath>/<sweep>/<trial id>. Default: /checkpoints.")
    @Default("/checkpoints")
    @Pattern("^/.*")
    private String checkpointPath;

    /** Wall-clock limit of one attempt, in seconds. */
    @JsonPropertyDescription(
            "Wall-clock limit of one trial attempt in seconds, 1-2592000 (30 days); an attempt past it fails and may be retried. Default: none.")
    @Min(1)
    @Max(2592000)
    private Long activeDeadlineSeconds;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public List<String> getCommand() {
        return command;
    }

    public void setCommand(List<String> command) {
        this.command = command;
    }

    public String getImagePullPolicy() {
        return imagePullPolicy;
    }

    public void setImagePullPolicy(String imagePullPolicy) {
        this.imagePullPolicy = imagePullPolicy;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public AcceleratorSpec getAccelerator() {
        return accelerator;
    }

    public void setAccelerator(AcceleratorSpec accelerator) {
        this.accelerator = accelerator;
    }

    public String getAcceleratorProfile() {
        return acceleratorProfile;
    }

    public void setAcceleratorProfile(String acceleratorProfile) {
        this.acceleratorProfile = acceleratorProfile;
    }

    public Map<String, @Size(max = 63) @Pattern(KubeSyntax.LABEL_VALUE) String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }

    public String getCheckpointVolumeClaim() {
        return checkpointVolumeClaim;
    }

    public void setCheckpointVolumeClaim(String checkpointVolumeClaim) {
        this.checkpointVolumeClaim = checkpointVolumeClaim;
    }

    public String getCheckpointPath() {
        return checkpointPath;
    }

    public void setCheckpointPath(String checkpointPath) {
        this.checkpointPath = checkpointPath;
    }

    public Long getActiveDeadlineSeconds() {
        return activeDeadlineSeconds;
    }

    public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
        this.activeDeadlineSeconds = activeDeadlineSeconds;
    }

    /** The checkpoint root with its default applied. */
    public String effectiveCheckpointPath() {
        return checkpointPath == null ? "/checkpoints" : checkpointPath;
    }
}
