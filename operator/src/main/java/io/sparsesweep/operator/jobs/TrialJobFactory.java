package io.sparsesweep.operator.jobs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.crd.AcceleratorSpec;
import io.sparsesweep.crd.DatasetVolume;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.TrainerSpec;
import io.sparsesweep.operator.config.AcceleratorProfile;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.jobset.SliceJobSetFactory;
import io.sparsesweep.protocol.TrialExitCodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the batch/v1 Job of one trial attempt. Pure: it returns the object and calls no API, so
 * tests assert on the Job itself.
 *
 * <p>Each Job runs one attempt ({@code backoffLimit: 0}); the operator owns retries so that it can
 * count them. The pod failure policy ignores preemption ({@code DisruptionTarget}) and the runner's
 * "stopped after checkpoint" exit (75), which let the Job controller start a fresh pod of the same
 * attempt, and fails the Job at once on the runner's bad-configuration exit (2). The result comes
 * back through the trainer's termination message (policy {@code File}, never the log fallback).
 */
public final class TrialJobFactory {
    /** Exit code of the runner for a bad configuration: never retried. */
    public static final int EXIT_BAD_CONFIGURATION = TrialExitCodes.BAD_INPUT;

    /** Exit code of the runner after SIGTERM with a checkpoint written: safe to restart. */
    public static final int EXIT_RETRYABLE = TrialExitCodes.STOPPED_WITH_CHECKPOINT;

    /** Where the trainer writes its result JSON. */
    public static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";

    /** Annotation on a multi-host trial's Job: the hosts of its slice (see {@link #hostsOf}). */
    public static final String ANNOTATION_HOSTS = SweepNames.PREFIX + "hosts";

    private static final String CHECKPOINT_VOLUME = "checkpoints";
    private static final String TMP_VOLUME = "tmp";
    private static final String DATASET_VOLUME = "dataset";

    private final OperatorSettings settings;

    public TrialJobFactory(OperatorSettings settings) {
        this.settings = settings;
    }

    /** The Job for attempt {@code attempt} (1-based) of {@code trial}. */
    public Job jobFor(SparseSweep sweep, Trial trial, int attempt) {
        String sweepName = sweep.getMetadata().getName();
        TrainerSpec trainer = sweep.getSpec().getTrainer();
        AcceleratorProfile profile = profileOf(trainer);

        Map<String, String> podLabels = new LinkedHashMap<>();
        podLabels.put(SweepNames.LABEL_SWEEP, sweepName);
        podLabels.put(SweepNames.LABEL_TRIAL, trial.id());
        podLabels.put(SweepNames.LABEL_ATTEMPT, Integer.toString(attempt));
        podLabels.put(SweepNames.LABEL_ROLE, SweepNames.ROLE_TRIAL);
        Map<String, String> jobLabels = new LinkedHashMap<>(podLabels);
        String queue =
                sweep.getSpec().getQueueName() != null
                        ? sweep.getSpec().getQueueName()
                        : settings.kueueQueue();
        if (queue != null) {
            jobLabels.put(SweepNames.KUEUE_QUEUE_LABEL, queue);
        }
        if (settings.kueuePriorityClass() != null) {
            jobLabels.put("kueue.x-k8s.io/priority-class", settings.kueuePriorityClass());
        }

        String checkpointDir =
                trainer.effectiveCheckpointPath() + "/" + sweepName + "/" + trial.id();
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("SPARSESWEEP_SWEEP", sweepName, null));
        env.add(new EnvVar("SPARSESWEEP_TRIAL", trial.id(), null));
        env.add(new EnvVar("SPARSESWEEP_ATTEMPT", Integer.toString(attempt), null));
        env.add(new EnvVar("SPARSESWEEP_NAMESPACE", sweep.getMetadata().getNamespace(), null));
        env.addAll(PodLogEnv.of(settings, trainer.getEnv()));
        if (trainer.getEnv() != null) {
            env.addAll(trainer.getEnv());
        }
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(
                new VolumeMountBuilder()
                        .withMountPath(trainer.effectiveCheckpointPath())
                        .withName(CHECKPOINT_VOLUME)
                        .build());
        List<Volume> volumes = new ArrayList<>();
        volumes.add(
                trainer.getCheckpointVolumeClaim() != null
                        ? new VolumeBuilder()
                                .withName(CHECKPOINT_VOLUME)
                                .withNewPersistentVolumeClaim(
                                        trainer.getCheckpointVolumeClaim(), false)
                                .build()
                        : new VolumeBuilder()
                                .withName(CHECKPOINT_VOLUME)
                                .withNewEmptyDir()
                                .endEmptyDir()
                                .build());
        DatasetVolume data = sweep.getSpec().getDatasetVolume();
        if (data != null) {
            // read-only twice: the pod's claim reference and the mount, so neither the trainer
            // nor a volume plugin that ignores one of them can write to the shared data set
            mounts.add(
                    new VolumeMountBuilder()
                            .withName(DATASET_VOLUME)
                            .withMountPath(sweep.getSpec().getDataset())
                            .withSubPath(data.getPath())
                            .withReadOnly(true)
                            .build());
            volumes.add(
                    new VolumeBuilder()
                            .withName(DATASET_VOLUME)
                            .withNewPersistentVolumeClaim(data.getClaimName(), true)
                            .build());
        }
        if (settings.tmpSizeLimit() != null) {
            mounts.add(new VolumeMountBuilder().withMountPath("/tmp").withName(TMP_VOLUME).build());
            volumes.add(
                    new VolumeBuilder()
                            .withName(TMP_VOLUME)
                            .withNewEmptyDir()
                            .withSizeLimit(new Quantity(settings.tmpSizeLimit()))
                            .endEmptyDir()
                            .build());
        }

        ResourceRequirements resources = resources(trainer, profile);
        Container container =
                new ContainerBuilder()
                        .withName(SweepNames.TRAINER_CONTAINER)
                        .withImage(
                                trainer.getImage() != null
                                        ? trainer.getImage()
                                        : settings.trainerImage())
                        .withImagePullPolicy(
                                trainer.getImagePullPolicy() != null
                                        ? trainer.getImagePullPolicy()
                                        : settings.imagePullPolicy())
                        .withCommand(trainer.getCommand())
                        .withArgs(
                                new Trial(
                                                trial.id(),
                                                trial.point(),
                                                withThreads(trial.trainArgs(), resources))
                                        .trainArgs(checkpointDir, TERMINATION_MESSAGE_PATH))
                        .withEnv(env)
                        .withResources(resources)
                        .withVolumeMounts(mounts)
                        .withTerminationMessagePath(TERMINATION_MESSAGE_PATH)
                        .withTerminationMessagePolicy("File")
                        .withSecurityContext(settings.securityContext())
                        .build();

        PodSpec pod =
                new PodSpecBuilder()
                        .withRestartPolicy("Never")
                        .withServiceAccountName(
                                trainer.getServiceAccountName() != null
                                        ? trainer.getServiceAccountName()
                                        : settings.trialServiceAccount())
                        .withAutomountServiceAccountToken(false)
                        .withSecurityContext(settings.podSecurityContext())
                        .withNodeSelector(nodeSelector(trainer, profile))
                        .withTolerations(tolerations(trainer, profile))
                        .withContainers(container)
                        .withVolumes(volumes)
                        .build();

        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SweepNames.ANNOTATION_POINT, trial.point().canonical());
        if (profile != null && profile.hosts() > 1) {
            // One process per host of a multi-host slice: the gateway creates this attempt as
            // the JobSet of the slice (SliceJobSetFactory), under the same name.
            jobLabels.put(SliceJobSetFactory.LABEL_RUNTIME, SliceJobSetFactory.RUNTIME_JOBSET);
            annotations.put(ANNOTATION_HOSTS, Integer.toString(profile.hosts()));
        }
        if (sweep.getMetadata().getGeneration() != null) {
            annotations.put(
                    SweepNames.ANNOTATION_GENERATION,
                    sweep.getMetadata().getGeneration().toString());
        }
        Job job =
                new JobBuilder()
                        .withNewMetadata()
                        .withName(SweepNames.trialJobName(sweepName, trial.id(), attempt))
                        .withNamespace(sweep.getMetadata().getNamespace())
                        .withLabels(jobLabels)
                        .withAnnotations(annotations)
                        .withOwnerReferences(ChildMeta.ownerOf(sweep))
                        .endMetadata()
                        .withNewSpec()
                        .withBackoffLimit(0)
                        .withCompletions(1)
                        .withParallelism(1)
                        .withActiveDeadlineSeconds(trainer.getActiveDeadlineSeconds())
                        .withPodFailurePolicy(podFailurePolicy())
                        .withNewTemplate()
                        .withNewMetadata()
                        .withLabels(podLabels)
                        .withAnnotations(
                                Map.of(SweepNames.ANNOTATION_POINT, trial.point().canonical()))
                        .endMetadata()
                        .withSpec(pod)
                        .endTemplate()
                        .endSpec()
                        .build();
        return PodTemplates.of(settings, profile, sweep).applyToTrial(job);
    }

    /**
     * The trainer's flags plus {@code --threads} from the container's CPU (limit, else request,
     * rounded up, at least 1) when the sweep does not set {@code training.threads}. Without it
     * TensorFlow sizes its pool by the cores the JVM sees, which with a request and no limit are
     * all the node's: every trial pod on a 64-core node would run 64 threads on its 4 requested
     * cores. {@code ./sparsesweep run} gives each worker its share of the cores the same way.
     */
    static List<String> withThreads(List<String> args, ResourceRequirements resources) {
        Quantity cpu = null;
        if (resources.getLimits() != null) {
            cpu = resources.getLimits().get("cpu");
        }
        if (cpu == null && resources.getRequests() != null) {
            cpu = resources.getRequests().get("cpu");
        }
        if (cpu == null) {
            return args;
        }
        int threads =
                Math.max(
                        1,
                        cpu.getNumericalAmount()
                                .setScale(0, java.math.RoundingMode.CEILING)
                                .intValueExact());
        return Trial.withDefaultThreads(args, threads);
    }

    /** Hosts of a trial Job's slice: 1 unless it is a multi-host trial's (see {@link #jobFor}). */
    public static int hostsOf(Job job) {
        Map<String, String> a = job.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(ANNOTATION_HOSTS);
        return v == null ? 1 : Integer.parseInt(v);
    }

    /** The profile the trainer names, or null; an unknown name is caught by validation first. */
    private AcceleratorProfile profileOf(TrainerSpec trainer) {
        return trainer.getAcceleratorProfile() == null
                ? null
                : settings.acceleratorProfiles().get(trainer.getAcceleratorProfile());
    }

    static PodFailurePolicy podFailurePolicy() {
        PodFailurePolicyRule preempted = new PodFailurePolicyRule();
        preempted.setAction("Ignore");
        preempted.setOnPodConditions(
                List.of(new PodFailurePolicyOnPodConditionsPattern("True", "DisruptionTarget")));

        PodFailurePolicyRule badConfig = new PodFailurePolicyRule();
        badConfig.setAction("FailJob");
        badConfig.setOnExitCodes(exitCodes(EXIT_BAD_CONFIGURATION));

        PodFailurePolicyRule checkpointed = new PodFailurePolicyRule();
        checkpointed.setAction("Ignore");
        checkpointed.setOnExitCodes(exitCodes(EXIT_RETRYABLE));

        PodFailurePolicy policy = new PodFailurePolicy();
        policy.setRules(List.of(preempted, badConfig, checkpointed));
        return policy;
    }

    private static PodFailurePolicyOnExitCodesRequirement exitCodes(int code) {
        PodFailurePolicyOnExitCodesRequirement r = new PodFailurePolicyOnExitCodesRequirement();
        r.setContainerName(SweepNames.TRAINER_CONTAINER);
        r.setOperator("In");
        r.setValues(List.of(code));
        return r;
    }

    /** Operator default, then profile, then spec; the accelerator goes in requests and limits. */
    private ResourceRequirements resources(TrainerSpec trainer, AcceleratorProfile profile) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        Map<String, Quantity> limits = new LinkedHashMap<>();
        for (ResourceRequirements r :
                new ResourceRequirements[] {
                    settings.trainerResources(),
                    profile == null ? null : profile.resources(),
                    trainer.getResources()
                }) {
            if (r != null) {
                if (r.getRequests() != null) {
                    requests.putAll(r.getRequests());
                }
                if (r.getLimits() != null) {
                    limits.putAll(r.getLimits());
                }
            }
        }
        AcceleratorSpec accelerator = accelerator(trainer, profile);
        if (accelerator != null) {
            Quantity count = new Quantity(accelerator.getCount().toString());
            requests.put(accelerator.getResource().resourceName(), count);
            limits.put(accelerator.getResource().resourceName(), count);
        }
        ResourceRequirements out = new ResourceRequirements();
        out.setRequests(requests.isEmpty() ? null : requests);
        out.setLimits(limits.isEmpty() ? null : limits);
        return out;
    }

    private static AcceleratorSpec accelerator(TrainerSpec trainer, AcceleratorProfile profile) {
        if (trainer.getAccelerator() != null) {
            return trainer.getAccelerator();
        }
        return profile == null ? null : profile.accelerator();
    }

    private static Map<String, String> nodeSelector(
            TrainerSpec trainer, AcceleratorProfile profile) {
        Map<String, String> selector = new LinkedHashMap<>();
        if (profile != null) {
            selector.putAll(profile.nodeSelector());
        }
        if (trainer.getNodeSelector() != null) {
            selector.putAll(trainer.getNodeSelector());
        }
        return selector.isEmpty() ? null : selector;
    }

    /** Profile and spec tolerations, plus one for the accelerator's own taint (key, Exists). */
    private static List<Toleration> tolerations(TrainerSpec trainer, AcceleratorProfile profile) {
        List<Toleration> tolerations = new ArrayList<>();
        if (profile != null) {
            tolerations.addAll(profile.tolerations());
        }
        if (trainer.getTolerations() != null) {
            tolerations.addAll(trainer.getTolerations());
        }
        AcceleratorSpec accelerator = accelerator(trainer, profile);
        if (accelerator != null) {
            String key = accelerator.getResource().resourceName();
            boolean covered = tolerations.stream().anyMatch(t -> key.equals(t.getKey()));
            if (!covered) {
                tolerations.add(
                        new TolerationBuilder()
                                .withKey(key)
                                .withOperator("Exists")
                                .withEffect("NoSchedule")
                                .build());
            }
        }
        return tolerations;
    }
}
