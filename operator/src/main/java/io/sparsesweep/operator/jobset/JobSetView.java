package io.sparsesweep.operator.jobset;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JobSet seen as the Job of its trial attempt, so that observing, counting, retrying and cleaning
 * up trials is one code path for both runtimes. Pure.
 *
 * <p>The view has the JobSet's metadata (name, uid, labels, owner, deletion) and maps its
 * conditions: {@code Completed} → {@code Complete}; {@code Failed} → {@code Failed}, with reason
 * {@code PodFailurePolicy} when the JobSet's bad-input rule failed it (as a single-host Job's
 * bad-input rule does), so it is never retried; {@code Suspended} → {@code spec.suspend}. A slice
 * restarted for a disrupted host is neither: it stays active, with its restarts in {@link
 * #restarts(Job)}.
 */
public final class JobSetView {
    /** Annotation on the view: how many times the JobSet restarted its slice. */
    public static final String ANNOTATION_RESTARTS = "sparsesweep.io/slice-restarts";

    /** The JobSet controller's condition reason for a {@code FailJobSet} rule. */
    static final String FAIL_JOBSET_REASON = "FailJobSetFailurePolicyAction";

    private JobSetView() {}

    /** Whether this Job is the view of a JobSet (by the runtime label the operator sets). */
    public static boolean isJobSet(Job job) {
        Map<String, String> labels = job.getMetadata().getLabels();
        return labels != null
                && SliceJobSetFactory.RUNTIME_JOBSET.equals(
                        labels.get(SliceJobSetFactory.LABEL_RUNTIME));
    }

    /** Slice restarts recorded on a view (0 for a Job). */
    public static int restarts(Job job) {
        Map<String, String> a = job.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(ANNOTATION_RESTARTS);
        return v == null ? 0 : Integer.parseInt(v);
    }

    /** The JobSet as a Job. */
    public static Job asJob(JobSet jobSet) {
        var meta = jobSet.getMetadata();
        var annotations = new java.util.LinkedHashMap<String, String>();
        if (meta.getAnnotations() != null) {
            annotations.putAll(meta.getAnnotations());
        }
        JobSet.Status status = jobSet.getStatus();
        int restarts = status == null || status.restarts() == null ? 0 : status.restarts();
        annotations.put(ANNOTATION_RESTARTS, Integer.toString(restarts));

        List<JobCondition> conditions = new ArrayList<>();
        boolean suspended = false;
        if (status != null && status.conditions() != null) {
            for (Condition c : status.conditions()) {
                if (!"True".equals(c.getStatus())) {
                    continue;
                }
                switch (c.getType()) {
                    case "Completed" -> conditions.add(condition("Complete", c.getReason(), c));
                    case "Failed" ->
                            conditions.add(
                                    condition(
                                            "Failed",
                                            FAIL_JOBSET_REASON.equals(c.getReason())
                                                    ? "PodFailurePolicy"
                                                    : c.getReason(),
                                            c));
                    case "Suspended" -> suspended = true;
                    default -> {}
                }
            }
        }
        Job job = new Job();
        job.setMetadata(
                new ObjectMetaBuilder()
                        .withName(meta.getName())
                        .withNamespace(meta.getNamespace())
                        .withUid(meta.getUid())
                        .withLabels(meta.getLabels())
                        .withAnnotations(annotations)
                        .withOwnerReferences(meta.getOwnerReferences())
                        .withCreationTimestamp(meta.getCreationTimestamp())
                        .withDeletionTimestamp(meta.getDeletionTimestamp())
                        .withGeneration(meta.getGeneration())
                        .withResourceVersion(meta.getResourceVersion())
                        .build());
        JobSpec spec = new JobSpec();
        spec.setSuspend(
                suspended
                        || (jobSet.getSpec() != null
                                && Boolean.TRUE.equals(jobSet.getSpec().suspend())));
        job.setSpec(spec);
        JobStatus jobStatus = new JobStatus();
        jobStatus.setConditions(conditions);
        job.setStatus(jobStatus);
        return job;
    }

    private static JobCondition condition(String type, String reason, Condition from) {
        JobCondition c = new JobCondition();
        c.setType(type);
        c.setStatus("True");
        c.setReason(reason);
        c.setMessage("JobSet " + from.getReason() + ": " + from.getMessage());
        c.setLastTransitionTime(from.getLastTransitionTime());
        return c;
    }
}
