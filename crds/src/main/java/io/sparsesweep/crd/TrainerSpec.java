package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
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
    @Size(min = 1, max = 512)
    private String image;

    /** Command; the trial's flags are appended as arguments. */
    @Size(max = 16)
    private List<String> command = new ArrayList<>(List.of("sparsesweep", "train"));

    /** Image pull policy. */
    @Pattern("^(Always|IfNotPresent|Never)$")
    private String imagePullPolicy;

    /** CPU/memory requests and limits of the trainer container. */
    private ResourceRequirements resources;

    /** GPUs or TPU chips per trial pod. */
    private AcceleratorSpec accelerator;

    /** Name of an accelerator profile from the operator's Helm values. */
    @Size(max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String acceleratorProfile;

    /** Node labels, e.g. cloud.google.com/gke-accelerator or gke-tpu-topology. */
    @Size(max = 32)
    private Map<String, String> nodeSelector = new LinkedHashMap<>();

    /** Extra tolerations (accelerator taints are tolerated automatically). */
    @Size(max = 32)
    private List<Toleration> tolerations = new ArrayList<>();

    /** Extra environment of the trainer container. */
    @Size(max = 64)
    private List<EnvVar> env = new ArrayList<>();

    /** Service account of trial pods. */
    @Size(max = 253)
    private String serviceAccountName;

    /** A PersistentVolumeClaim mounted at checkpointPath; without it checkpoints use emptyDir. */
    @Size(max = 253)
    private String checkpointVolumeClaim;

    /** Where checkpoints live in the container; each trial uses its own sub-directory. */
    @Default("/checkpoints")
    @Pattern("^/.*")
    private String checkpointPath;

    /** Wall-clock limit of one attempt, in seconds. */
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

    public Map<String, String> getNodeSelector() {
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
