package io.sparsesweep.operator.jobset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.crd.AcceleratorSpec;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.operator.config.AcceleratorProfile;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.jobs.TrialJobFactory;
import io.sparsesweep.operator.testing.TestSweeps;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SliceJobSetFactoryTest {
    static final AcceleratorProfile V5P_16 =
            new AcceleratorProfile(
                    "tpu-v5p-16",
                    new AcceleratorSpec(AcceleratorSpec.Kind.GOOGLE_TPU, 4),
                    null,
                    Map.of(
                            "cloud.google.com/gke-tpu-accelerator", "tpu-v5p-slice",
                            "cloud.google.com/gke-tpu-topology", "2x2x4"),
                    List.of(
                            new TolerationBuilder()
                                    .withKey("google.com/tpu")
                                    .withOperator("Exists")
                                    .withEffect("NoSchedule")
                                    .build()),
                    new AcceleratorProfile.TpuSlice("2x2x4", 4));

    static SparseSweep sliceSweep() {
        SparseSweep s = TestSweeps.small();
        s.getMetadata().setUid("uid-1");
        s.getSpec().getTrainer().setAccelerator(null);
        s.getSpec().getTrainer().setNodeSelector(null);
        s.getSpec().getTrainer().setAcceleratorProfile("tpu-v5p-16");
        s.getSpec().getTrainer().setCommand(List.of("python3", "/app/train.py"));
        return s;
    }

    static Job trialJob() {
        OperatorSettings settings =
                OperatorSettings.defaults()
                        .withImages("default/runner:1", "default/fit:1")
                        .withProfiles(Map.of("tpu-v5p-16", V5P_16));
        SparseSweep s = sliceSweep();
        return new TrialJobFactory(settings).jobFor(s, SweepPlanner.plan(s.getSpec()).get(0), 1);
    }

    @Test
    void aMultiHostTrialJobIsMarkedForItsSlice() {
        Job job = trialJob();
        assertThat(JobSetView.isJobSet(job)).isTrue();
        assertThat(TrialJobFactory.hostsOf(job)).isEqualTo(4);
    }

    @Test
    void oneReplicatedJobWithOneIndexedProcessPerHostOnTheProfilesNodes() {
        Job job = trialJob();
        JobSet js = SliceJobSetFactory.jobSetFor(job, 4);

        assertThat(js.getMetadata().getName()).isEqualTo(job.getMetadata().getName());
        assertThat(js.getMetadata().getOwnerReferences())
                .isEqualTo(job.getMetadata().getOwnerReferences());
        assertThat(js.getMetadata().getLabels())
                .containsEntry(SweepNames.LABEL_ROLE, "trial")
                .containsEntry("kueue.x-k8s.io/queue-name", "team-a")
                .containsEntry(SliceJobSetFactory.LABEL_RUNTIME, "jobset");
        assertThat(js.getMetadata().getAnnotations())
                .containsEntry(JobSet.EXCLUSIVE_TOPOLOGY, "cloud.google.com/gke-nodepool");
        assertThat(js.getSpec().replicatedJobs())
                .singleElement()
                .satisfies(
                        rj -> {
                            assertThat(rj.replicas()).isEqualTo(1);
                            var spec = rj.template().getSpec();
                            assertThat(spec.getCompletionMode()).isEqualTo("Indexed");
                            assertThat(spec.getParallelism()).isEqualTo(4);
                            assertThat(spec.getCompletions()).isEqualTo(4);
                            assertThat(spec.getBackoffLimit()).isZero();
                            var pod = spec.getTemplate().getSpec();
                            assertThat(pod.getNodeSelector())
                                    .containsEntry(
                                            "cloud.google.com/gke-tpu-accelerator", "tpu-v5p-slice")
                                    .containsEntry("cloud.google.com/gke-tpu-topology", "2x2x4");
                            var trainer = pod.getContainers().get(0);
                            assertThat(trainer.getResources().getLimits())
                                    .containsEntry("google.com/tpu", new Quantity("4"));
                            assertThat(trainer.getCommand())
                                    .containsExactly("python3", "/app/train.py");
                            assertThat(trainer.getEnv())
                                    .extracting(EnvVar::getName)
                                    .contains(
                                            SliceJobSetFactory.ENV_PROCESS_INDEX,
                                            SliceJobSetFactory.ENV_PROCESS_COUNT,
                                            SliceJobSetFactory.ENV_COORDINATOR);
                            EnvVar index =
                                    trainer.getEnv().stream()
                                            .filter(
                                                    e ->
                                                            e.getName()
                                                                    .equals(
                                                                            SliceJobSetFactory
                                                                                    .ENV_PROCESS_INDEX))
                                            .findFirst()
                                            .orElseThrow();
                            assertThat(index.getValueFrom().getFieldRef().getFieldPath())
                                    .isEqualTo(
                                            "metadata.annotations['batch.kubernetes.io/job-completion-index']");
                            assertThat(trainer.getEnv())
                                    .contains(
                                            new EnvVar(
                                                    SliceJobSetFactory.ENV_PROCESS_COUNT,
                                                    "4",
                                                    null))
                                    .contains(
                                            new EnvVar(
                                                    SliceJobSetFactory.ENV_COORDINATOR,
                                                    job.getMetadata().getName()
                                                            + "-slice-0-0."
                                                            + job.getMetadata().getName(),
                                                    null));
                            assertThat(spec.getTemplate().getMetadata().getLabels())
                                    .containsEntry(
                                            SweepNames.LABEL_TRIAL,
                                            job.getMetadata()
                                                    .getLabels()
                                                    .get(SweepNames.LABEL_TRIAL));
                        });
        // the trial Job is left as it was (the template was copied, not shared)
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(EnvVar::getName)
                .doesNotContain(SliceJobSetFactory.ENV_PROCESS_INDEX);
    }

    /**
     * The JobSet rules match the Job controller's own failure messages (the format of
     * pkg/controller/job/pod_failure_policy.go): preemption and a checkpointed stop restart the
     * slice uncounted, bad input fails it, anything else finds no rule.
     */
    @Test
    void failurePolicyTellsDisruptionAndCheckpointFromBadInputByTheJobControllersMessage() {
        JobSet js = SliceJobSetFactory.jobSetFor(trialJob(), 4);
        var policy = js.getSpec().failurePolicy();
        assertThat(policy.maxRestarts()).isZero();
        String disrupted =
                "Pod ns/x-slice-0-2-abcde has condition DisruptionTarget matching FailJob rule at index 0";
        String badInput =
                "Container trainer for pod ns/x-slice-0-0-abcde failed with exit code 2 matching FailJob rule at index 1";
        String checkpointed =
                "Container trainer for pod ns/x-slice-0-1-abcde failed with exit code 75 matching FailJob rule at index 2";
        String crashed = "Job has reached the specified backoff limit";
        assertThat(firstRule(policy, "PodFailurePolicy", disrupted))
                .isEqualTo("RestartJobSetAndIgnoreMaxRestarts");
        assertThat(firstRule(policy, "PodFailurePolicy", checkpointed))
                .isEqualTo("RestartJobSetAndIgnoreMaxRestarts");
        assertThat(firstRule(policy, "PodFailurePolicy", badInput)).isEqualTo("FailJobSet");
        assertThat(firstRule(policy, "BackoffLimitExceeded", crashed)).isNull();
        // rule names JobSet's webhook accepts: a letter, then alphanumerics or _,:
        assertThat(policy.rules())
                .allSatisfy(
                        r -> assertThat(r.name()).matches("[A-Za-z][A-Za-z0-9_,:]*[A-Za-z0-9_]"));

        var podRules =
                js.getSpec()
                        .replicatedJobs()
                        .get(0)
                        .template()
                        .getSpec()
                        .getPodFailurePolicy()
                        .getRules();
        assertThat(podRules).allSatisfy(r -> assertThat(r.getAction()).isEqualTo("FailJob"));
        assertThat(podRules.get(0).getOnPodConditions().get(0).getType())
                .isEqualTo("DisruptionTarget");
        assertThat(podRules.get(1).getOnExitCodes().getValues()).containsExactly(2);
        assertThat(podRules.get(2).getOnExitCodes().getValues()).containsExactly(75);
    }

    private static String firstRule(JobSet.FailurePolicy policy, String reason, String message) {
        for (JobSet.Rule r : policy.rules()) {
            if (r.onJobFailureReasons().contains(reason)
                    && r.onJobFailureMessagePatterns().stream()
                            .anyMatch(p -> Pattern.compile(p).matcher(message).find())) {
                return r.action();
            }
        }
        return null;
    }

    @Test
    void serialisesAsTheJobSetApiSpellsIt() {
        String yaml = Serialization.asYaml(SliceJobSetFactory.jobSetFor(trialJob(), 4));
        assertThat(yaml)
                .contains("apiVersion: \"jobset.x-k8s.io/v1alpha2\"")
                .contains("kind: \"JobSet\"")
                .contains("replicatedJobs:")
                .contains("onJobFailureMessagePatterns:")
                .contains("enableDNSHostnames: true")
                .doesNotContain("suspend:");
    }

    @Test
    void aSingleHostIsNoSlice() {
        assertThatThrownBy(() -> SliceJobSetFactory.jobSetFor(trialJob(), 1))
                .hasMessageContaining("2 or more hosts");
    }

    @Test
    void nameLimitKeepsTheLongestPodNameADns1035Label() {
        int max = SliceJobSetFactory.maxSweepNameLength(4);
        String sweep = "s".repeat(max);
        String pod = sweep + "-12345678-a99-slice-0-3-abcde";
        assertThat(pod).hasSize(63);
        assertThat(SliceJobSetFactory.maxSweepNameLength(16)).isEqualTo(max - 1);
    }

    @Test
    void viewMapsTheJobSetsConditionsToTheJobsOwn() {
        JobSet js = SliceJobSetFactory.jobSetFor(trialJob(), 4);
        js.getMetadata().setUid("js-uid");
        js.setStatus(new JobSet.Status(List.of(), 1, 0, null));
        Job running = JobSetView.asJob(js);
        assertThat(JobSetView.isJobSet(running)).isTrue();
        assertThat(running.getMetadata().getUid()).isEqualTo("js-uid");
        assertThat(running.getMetadata().getLabels()).isEqualTo(js.getMetadata().getLabels());
        assertThat(running.getStatus().getConditions()).isEmpty();
        assertThat(JobSetView.restarts(running)).isEqualTo(1);

        js.setStatus(
                new JobSet.Status(
                        List.of(cond("Completed", "AllJobsCompleted")), 1, 0, "Completed"));
        assertThat(JobSetView.asJob(js).getStatus().getConditions())
                .singleElement()
                .satisfies(c -> assertThat(c.getType()).isEqualTo("Complete"));

        js.setStatus(
                new JobSet.Status(
                        List.of(cond("Failed", "FailJobSetFailurePolicyAction")), 0, 0, "Failed"));
        assertThat(JobSetView.asJob(js).getStatus().getConditions())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.getType()).isEqualTo("Failed");
                            assertThat(c.getReason())
                                    .as("bad input: never retried")
                                    .isEqualTo("PodFailurePolicy");
                        });

        js.setStatus(
                new JobSet.Status(List.of(cond("Failed", "ReachedMaxRestarts")), 0, 0, "Failed"));
        assertThat(JobSetView.asJob(js).getStatus().getConditions().get(0).getReason())
                .isEqualTo("ReachedMaxRestarts");

        js.setStatus(new JobSet.Status(List.of(cond("Suspended", "SuspendedJobs")), 0, 0, null));
        assertThat(JobSetView.asJob(js).getSpec().getSuspend()).isTrue();
    }

    private static Condition cond(String type, String reason) {
        return new ConditionBuilder()
                .withType(type)
                .withStatus("True")
                .withReason(reason)
                .withMessage("m")
                .build();
    }
}
