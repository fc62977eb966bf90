package io.sparsesweep.operator.jobset;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.operator.jobs.TrialJobFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the Job of a trial attempt (from {@link TrialJobFactory}) into the JobSet of a multi-host
 * TPU slice: one replicated Job (one slice), Indexed, parallelism = completions = hosts, so every
 * host of the slice runs one trainer process on its chips. Pure: returns the object.
 *
 * <p>What the JobSet adds over the Job:
 *
 * <ul>
 *   <li><b>Exclusive placement per node pool</b> ({@code
 *       alpha.jobset.sigs.k8s.io/exclusive-topology: cloud.google.com/gke-nodepool}): a slice's
 *       hosts are one GKE TPU node pool, so no two slices share one, and every pod of a slice lands
 *       in the pool its leader landed in.
 *   <li><b>Failure policy</b>: a host preempted or drained (pod condition {@code DisruptionTarget})
 *       or a trainer stopped by SIGTERM after its checkpoint (exit 75) fails its Job by a pod
 *       failure policy rule, and the JobSet restarts the whole slice without counting it ({@code
 *       RestartJobSetAndIgnoreMaxRestarts}): every process resumes from the trial's checkpoint, and
 *       the operator counts no failed attempt. The trainer's bad-input exit (2) fails the JobSet at
 *       once ({@code FailJobSet}), which the operator records as a permanent failure. Anything else
 *       (a crash) fails the JobSet ({@code maxRestarts: 0}); the operator retries it as its next
 *       attempt, as for a Job.
 *   <li><b>The trainer contract's multi-process environment</b>: {@code SPARSESWEEP_PROCESS_INDEX}
 *       (the pod's completion index), {@code SPARSESWEEP_PROCESS_COUNT} (hosts) and {@code
 *       SPARSESWEEP_COORDINATOR} (the hostname of process 0 through the JobSet's headless Service).
 *       The result is read from process 0 (the leader).
 * </ul>
 */
public final class SliceJobSetFactory {
    /** Node label of GKE node pools: a multi-host TPU slice is one node pool. */
    public static final String NODE_POOL_LABEL = "cloud.google.com/gke-nodepool";

    /** Name of the one replicated Job (the slice). */
    public static final String REPLICATED_JOB = "slice";

    /** Label on a JobSet the operator made (the Job view of it carries it too). */
    public static final String LABEL_RUNTIME = SweepNames.PREFIX + "runtime";

    public static final String RUNTIME_JOBSET = "jobset";

    /** Environment of the trainer contract for a process of a multi-host trial. */
    public static final String ENV_PROCESS_INDEX = "SPARSESWEEP_PROCESS_INDEX";

    public static final String ENV_PROCESS_COUNT = "SPARSESWEEP_PROCESS_COUNT";
    public static final String ENV_COORDINATOR = "SPARSESWEEP_COORDINATOR";

    /** JobSet failure policy rule names (they show in its events). */
    public static final String RULE_BAD_INPUT = "BadInput";

    public static final String RULE_HOST_DISRUPTED = "HostDisrupted";

    /** The Job controller's message for a pod failure policy rule, as JobSet matches it. */
    static final String EXIT_CODE_MESSAGE = "failed with exit code %d matching FailJob rule";

    static final String DISRUPTION_MESSAGE = "has condition DisruptionTarget matching FailJob rule";

    private SliceJobSetFactory() {}

    /** The JobSet running {@code trialJob}'s pod on {@code hosts} hosts of one node pool. */
    public static JobSet jobSetFor(Job trialJob, int hosts) {
        if (hosts < 2) {
            throw new IllegalArgumentException("a slice JobSet needs 2 or more hosts: " + hosts);
        }
        String name = trialJob.getMetadata().getName();
        // A deep copy: the trial Job's pod template is reused, never shared.
        Job copy = Serialization.clone(trialJob);
        PodTemplateSpec pod = copy.getSpec().getTemplate();
        Container trainer =
                pod.getSpec().getContainers().stream()
                        .filter(c -> SweepNames.TRAINER_CONTAINER.equals(c.getName()))
                        .findFirst()
                        .orElseThrow();
        List<EnvVar> env = new ArrayList<>(trainer.getEnv() == null ? List.of() : trainer.getEnv());
        env.add(
                new EnvVarBuilder()
                        .withName(ENV_PROCESS_INDEX)
                        .withNewValueFrom()
                        .withNewFieldRef()
                        .withFieldPath(
                                "metadata.annotations['batch.kubernetes.io/job-completion-index']")
                        .endFieldRef()
                        .endValueFrom()
                        .build());
        env.add(new EnvVar(ENV_PROCESS_COUNT, Integer.toString(hosts), null));
        env.add(new EnvVar(ENV_COORDINATOR, coordinator(name), null));
        trainer.setEnv(env);

        JobSpec slice = new JobSpec();
        slice.setCompletionMode("Indexed");
        slice.setCompletions(hosts);
        slice.setParallelism(hosts);
        slice.setBackoffLimit(0);
        slice.setActiveDeadlineSeconds(copy.getSpec().getActiveDeadlineSeconds());
        slice.setPodFailurePolicy(podFailurePolicy());
        slice.setTemplate(pod);

        Map<String, String> labels = new LinkedHashMap<>(copy.getMetadata().getLabels());
        labels.put(LABEL_RUNTIME, RUNTIME_JOBSET);
        Map<String, String> annotations = new LinkedHashMap<>(copy.getMetadata().getAnnotations());
        annotations.put(JobSet.EXCLUSIVE_TOPOLOGY, NODE_POOL_LABEL);

        JobSet jobSet = new JobSet();
        jobSet.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(copy.getMetadata().getNamespace())
                        .withLabels(labels)
                        .withAnnotations(annotations)
                        .withOwnerReferences(copy.getMetadata().getOwnerReferences())
                        .build());
        jobSet.setSpec(
                new JobSet.Spec(
                        List.of(
                                new JobSet.ReplicatedJob(
                                        REPLICATED_JOB, 1, new JobTemplateSpec(null, slice))),
                        new JobSet.Network(true, null),
                        new JobSet.SuccessPolicy("All"),
                        failurePolicy(),
                        null));
        return jobSet;
    }

    /**
     * Longest sweep name whose slices get valid names: JobSet names a pod {@code
     * <jobset>-slice-0-<index>-<5 random>} and checks it is a DNS-1035 label (63 characters) at
     * admission; the JobSet is named {@code <sweep>-<8 hex>-a<attempt>} (attempts up to 99 here).
     */
    public static int maxSweepNameLength(int hosts) {
        int podSuffix = ("-" + REPLICATED_JOB + "-0-" + (hosts - 1) + "-abcde").length();
        int attemptSuffix = "-12345678-a99".length();
        return 63 - podSuffix - attemptSuffix;
    }

    /**
     * Hostname of process 0: JobSet names a Job {@code <jobset>-<replicatedJob>-<index>}, an
     * Indexed Job's pod {@code <job>-<completion index>}, and the headless Service (the pods'
     * subdomain) after the JobSet.
     */
    public static String coordinator(String jobSetName) {
        return jobSetName + "-" + REPLICATED_JOB + "-0-0." + jobSetName;
    }

    /**
     * The slice Job's pod failure policy: disruption, checkpointed stop (75) and bad input (2) each
     * fail the Job at once, so that the JobSet's failure policy can tell them apart by message.
     */
    static PodFailurePolicy podFailurePolicy() {
        PodFailurePolicyRule disrupted = new PodFailurePolicyRule();
        disrupted.setAction("FailJob");
        disrupted.setOnPodConditions(
                List.of(new PodFailurePolicyOnPodConditionsPattern("True", "DisruptionTarget")));
        PodFailurePolicy policy = new PodFailurePolicy();
        policy.setRules(
                List.of(
                        disrupted,
                        exitCode(TrialJobFactory.EXIT_BAD_CONFIGURATION),
                        exitCode(TrialJobFactory.EXIT_RETRYABLE)));
        return policy;
    }

    private static PodFailurePolicyRule exitCode(int code) {
        PodFailurePolicyOnExitCodesRequirement r = new PodFailurePolicyOnExitCodesRequirement();
        r.setContainerName(SweepNames.TRAINER_CONTAINER);
        r.setOperator("In");
        r.setValues(List.of(code));
        PodFailurePolicyRule rule = new PodFailurePolicyRule();
        rule.setAction("FailJob");
        rule.setOnExitCodes(r);
        return rule;
    }

    /**
     * Bad input fails the JobSet; a disrupted host or a checkpointed stop restarts the slice
     * without counting; anything else fails it (no counted restarts: the operator's attempts are
     * the retries).
     */
    static JobSet.FailurePolicy failurePolicy() {
        return new JobSet.FailurePolicy(
                0,
                List.of(
                        new JobSet.Rule(
                                RULE_BAD_INPUT,
                                "FailJobSet",
                                List.of("PodFailurePolicy"),
                                List.of(
                                        String.format(
                                                EXIT_CODE_MESSAGE,
                                                TrialJobFactory.EXIT_BAD_CONFIGURATION))),
                        new JobSet.Rule(
                                RULE_HOST_DISRUPTED,
                                "RestartJobSetAndIgnoreMaxRestarts",
                                List.of("PodFailurePolicy"),
                                List.of(
                                        DISRUPTION_MESSAGE,
                                        String.format(
                                                EXIT_CODE_MESSAGE,
                                                TrialJobFactory.EXIT_RETRYABLE)))));
    }
}
