package io.sparsesweep.operator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.crd.AcceleratorSpec;
import io.sparsesweep.crd.DatasetVolume;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.operator.config.AcceleratorProfile;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.fit.FitContract;
import io.sparsesweep.operator.testing.TestSweeps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrialJobFactoryTest {
    private static SparseSweep sweep() {
        SparseSweep s = TestSweeps.small();
        s.getMetadata().setUid("uid-1");
        s.getMetadata().setGeneration(3L);
        return s;
    }

    private static final OperatorSettings SETTINGS =
            OperatorSettings.defaults().withImages("default/runner:1", "default/fit:1");

    @Test
    void jobIsOneAttemptNamedFromSweepTrialAndAttempt() {
        SparseSweep s = sweep();
        Trial trial = SweepPlanner.plan(s.getSpec()).get(1);
        Job job = new TrialJobFactory(SETTINGS).jobFor(s, trial, 2);

        assertThat(job.getMetadata().getName()).isEqualTo("small-" + trial.id() + "-a2");
        assertThat(job.getMetadata().getNamespace()).isEqualTo("research");
        assertThat(job.getMetadata().getLabels())
                .containsEntry(SweepNames.LABEL_SWEEP, "small")
                .containsEntry(SweepNames.LABEL_TRIAL, trial.id())
                .containsEntry(SweepNames.LABEL_ATTEMPT, "2")
                .containsEntry(SweepNames.LABEL_ROLE, "trial")
                .containsEntry("kueue.x-k8s.io/queue-name", "team-a");
        assertThat(job.getMetadata().getAnnotations())
                .containsEntry(SweepNames.ANNOTATION_POINT, trial.point().canonical())
                .containsEntry(SweepNames.ANNOTATION_GENERATION, "3");
        assertThat(job.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.getKind()).isEqualTo("SparseSweep");
                            assertThat(o.getUid()).isEqualTo("uid-1");
                            assertThat(o.getController()).isTrue();
                            assertThat(o.getBlockOwnerDeletion()).isTrue();
                        });
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getSuspend()).as("Kueue owns suspend").isNull();
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(SweepNames.LABEL_TRIAL, trial.id())
                .doesNotContainKey("kueue.x-k8s.io/queue-name");
    }

    @Test
    void podFailurePolicyIgnoresPreemptionAndFailsFastOnBadConfiguration() {
        Job job =
                new TrialJobFactory(SETTINGS)
                        .jobFor(sweep(), SweepPlanner.plan(sweep().getSpec()).get(0), 1);
        var rules = job.getSpec().getPodFailurePolicy().getRules();
        assertThat(rules).hasSize(3);
        assertThat(rules.get(0).getAction()).isEqualTo("Ignore");
        assertThat(rules.get(0).getOnPodConditions())
                .singleElement()
                .satisfies(c -> assertThat(c.getType()).isEqualTo("DisruptionTarget"));
        assertThat(rules.get(1).getAction()).isEqualTo("FailJob");
        assertThat(rules.get(1).getOnExitCodes().getContainerName()).isEqualTo("trainer");
        assertThat(rules.get(1).getOnExitCodes().getOperator()).isEqualTo("In");
        assertThat(rules.get(1).getOnExitCodes().getValues()).containsExactly(2);
        assertThat(rules.get(2).getAction()).isEqualTo("Ignore");
        assertThat(rules.get(2).getOnExitCodes().getValues()).containsExactly(75);
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    }

    @Test
    void trainerRunsTheTrialsArgumentsAndWritesItsResultToTheTerminationMessage() {
        SparseSweep s = sweep();
        Trial trial = SweepPlanner.plan(s.getSpec()).get(2);
        PodSpec pod =
                new TrialJobFactory(SETTINGS).jobFor(s, trial, 1).getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(c.getName()).isEqualTo("trainer");
        assertThat(c.getImage()).isEqualTo("example.org/sparsesweep-runner:test");
        assertThat(c.getCommand()).containsExactly("sparsesweep", "train");
        assertThat(c.getArgs())
                .startsWith(trial.trainArgs().toArray(String[]::new))
                .endsWith(
                        "--checkpoint-dir",
                        "/checkpoints/small/" + trial.id(),
                        "--result",
                        "/dev/termination-log");
        assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(c.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/checkpoints"));
    }

    @Test
    void trainerThreadsFollowTheContainersCpuUnlessTheSweepSetsThem() {
        var requestOnly =
                new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity("500m"))
                        .build();
        assertThat(TrialJobFactory.withThreads(List.of("--steps", "10"), requestOnly))
                .containsExactly("--steps", "10", "--threads", "1");
        var limited =
                new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity("2"))
                        .addToLimits("cpu", new Quantity("3500m"))
                        .build();
        assertThat(TrialJobFactory.withThreads(List.of(), limited))
                .as("the limit wins, rounded up")
                .containsExactly("--threads", "4");
        assertThat(TrialJobFactory.withThreads(List.of("--threads", "2"), limited))
                .as("training.threads wins")
                .containsExactly("--threads", "2");
        var memoryOnly =
                new ResourceRequirementsBuilder()
                        .addToRequests("memory", new Quantity("1Gi"))
                        .build();
        assertThat(TrialJobFactory.withThreads(List.of(), memoryOnly))
                .as("no CPU given: the trainer's default (all cores it sees)")
                .isEmpty();

        SparseSweep s = sweep();
        s.getSpec().getTrainer().setResources(requestOnly);
        Trial trial = SweepPlanner.plan(s.getSpec()).get(0);
        List<String> args =
                new TrialJobFactory(SETTINGS)
                        .jobFor(s, trial, 1)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getArgs();
        assertThat(String.join(" ", args))
                .contains("--threads 1 --checkpoint-dir")
                .endsWith("--result /dev/termination-log");
    }

    @Test
    void datasetVolumeIsMountedReadOnlyAtTheDatasetPath() {
        SparseSweep s = sweep();
        PodSpec plain =
                new TrialJobFactory(SETTINGS)
                        .jobFor(s, SweepPlanner.plan(s.getSpec()).get(0), 1)
                        .getSpec()
                        .getTemplate()
                        .getSpec();
        assertThat(plain.getVolumes())
                .noneSatisfy(v -> assertThat(v.getName()).isEqualTo("dataset"));

        s.getSpec().setDataset("/data/fashion-mnist");
        s.getSpec().setDatasetVolume(new DatasetVolume("datasets", "fashion-mnist"));
        Trial trial = SweepPlanner.plan(s.getSpec()).get(0);
        PodSpec pod =
                new TrialJobFactory(SETTINGS).jobFor(s, trial, 1).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getName().equals("dataset"))
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.getPersistentVolumeClaim().getClaimName())
                                    .isEqualTo("datasets");
                            assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
                        });
        Container c = pod.getContainers().get(0);
        assertThat(c.getVolumeMounts())
                .filteredOn(m -> m.getName().equals("dataset"))
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.getMountPath()).isEqualTo("/data/fashion-mnist");
                            assertThat(m.getSubPath()).isEqualTo("fashion-mnist");
                            assertThat(m.getReadOnly()).isTrue();
                        });
        assertThat(String.join(" ", c.getArgs())).contains("--dataset /data/fashion-mnist");
    }

    @Test
    void acceleratorGoesToRequestsAndLimitsWithItsTolerationAndNodeSelector() {
        PodSpec pod =
                new TrialJobFactory(SETTINGS)
                        .jobFor(sweep(), SweepPlanner.plan(sweep().getSpec()).get(0), 1)
                        .getSpec()
                        .getTemplate()
                        .getSpec();
        var resources = pod.getContainers().get(0).getResources();
        assertThat(resources.getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(resources.getRequests()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(pod.getNodeSelector())
                .containsEntry("cloud.google.com/gke-accelerator", "nvidia-l4");
        assertThat(pod.getTolerations())
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
                            assertThat(t.getOperator()).isEqualTo("Exists");
                        });
    }

    @Test
    void namedTpuProfileSuppliesPlacementAndSpecFieldsWin() {
        SparseSweep s = sweep();
        s.getSpec().getTrainer().setAccelerator(null);
        s.getSpec()
                .getTrainer()
                .setNodeSelector(Map.of("cloud.google.com/gke-tpu-topology", "2x2"));
        s.getSpec().getTrainer().setAcceleratorProfile("tpu-v5e-8");
        AcceleratorProfile tpu =
                new AcceleratorProfile(
                        "tpu-v5e-8",
                        new AcceleratorSpec(AcceleratorSpec.Kind.GOOGLE_TPU, 8),
                        new ResourceRequirementsBuilder()
                                .addToRequests("cpu", new Quantity("100"))
                                .build(),
                        Map.of(
                                "cloud.google.com/gke-tpu-accelerator",
                                "tpu-v5-lite-podslice",
                                "cloud.google.com/gke-tpu-topology",
                                "2x4"),
                        List.of(
                                new TolerationBuilder()
                                        .withKey("google.com/tpu")
                                        .withOperator("Exists")
                                        .withEffect("NoSchedule")
                                        .build()));
        PodSpec pod =
                new TrialJobFactory(SETTINGS.withProfiles(Map.of("tpu-v5e-8", tpu)))
                        .jobFor(s, SweepPlanner.plan(s.getSpec()).get(0), 1)
                        .getSpec()
                        .getTemplate()
                        .getSpec();
        assertThat(pod.getContainers().get(0).getResources().getLimits())
                .containsEntry("google.com/tpu", new Quantity("8"));
        assertThat(pod.getContainers().get(0).getResources().getRequests())
                .containsEntry("cpu", new Quantity("100"));
        assertThat(pod.getNodeSelector())
                .containsEntry("cloud.google.com/gke-tpu-accelerator", "tpu-v5-lite-podslice")
                .containsEntry("cloud.google.com/gke-tpu-topology", "2x2");
        assertThat(pod.getTolerations())
                .singleElement()
                .satisfies(t -> assertThat(t.getKey()).isEqualTo("google.com/tpu"));
    }

    @Test
    void operatorDefaultsApplyWhenTheSweepLeavesThemOut() {
        SparseSweep s = sweep();
        s.getSpec().getTrainer().setImage(null);
        s.getSpec().setQueueName(null);
        Job job = new TrialJobFactory(SETTINGS).jobFor(s, SweepPlanner.plan(s.getSpec()).get(0), 1);
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("default/runner:1");
        assertThat(job.getMetadata().getLabels()).doesNotContainKey("kueue.x-k8s.io/queue-name");
    }

    @Test
    void fitJobRunsFitSweepOnItsInputWithoutAToken() {
        String csv = "trial,sparsity,pattern,nonzero_params,data,val_loss,steps\n";
        Job job = new FitJobFactory(SETTINGS).jobFor(sweep(), csv);
        assertThat(job.getMetadata().getName()).isEqualTo("small-fit");
        assertThat(job.getMetadata().getLabels()).containsEntry(SweepNames.LABEL_ROLE, "fit");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("sparsesweep-fitting");
        assertThat(pod.getAutomountServiceAccountToken()).as("no API access needed").isFalse();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        var container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("default/fit:1");
        assertThat(container.getCommand())
                .containsExactly(
                        "sparsesweep", "operator", "fit-sweep", "--input", FitContract.INPUT_DIR);
        var annotations = job.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry(FitContract.ANNOTATION_RESULTS, csv);
        assertThat(annotations.get(FitContract.ANNOTATION_SPEC)).contains("\"task\"");
        assertThat(container.getVolumeMounts())
                .anySatisfy(
                        m -> {
                            assertThat(m.getMountPath()).isEqualTo(FitContract.INPUT_DIR);
                            assertThat(m.getReadOnly()).isTrue();
                        });
        var input =
                pod.getVolumes().stream()
                        .filter(v -> v.getDownwardAPI() != null)
                        .findFirst()
                        .orElseThrow();
        assertThat(input.getDownwardAPI().getItems())
                .extracting(i -> i.getPath() + "<-" + i.getFieldRef().getFieldPath())
                .containsExactlyInAnyOrder(
                        FitContract.RESULTS_FILE
                                + "<-metadata.annotations['"
                                + FitContract.ANNOTATION_RESULTS
                                + "']",
                        FitContract.SPEC_FILE
                                + "<-metadata.annotations['"
                                + FitContract.ANNOTATION_SPEC
                                + "']");
    }

    @Test
    void withoutAConfiguredImageTheFitRunsTheOperatorsOwnNeverTheSweeps() {
        SparseSweep sweep = sweep();
        sweep.getSpec().getTrainer().setImage("someone/else:latest");
        Job job =
                new FitJobFactory(OperatorSettings.defaults().withImages("default/runner:1", null))
                        .jobFor(sweep, "");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(OperatorSettings.OWN_IMAGE)
                .startsWith("sparsesweep/operator:")
                .doesNotEndWith("${project.version}");
    }
}
