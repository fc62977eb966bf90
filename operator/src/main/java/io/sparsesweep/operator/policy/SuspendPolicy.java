package io.sparsesweep.operator.policy;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.operator.observe.JobFacts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which running trial Jobs (or JobSets, through their Job view) to suspend or resume so that {@code
 * spec.suspend} really stops the accelerators: a suspended Job's pods are deleted (the trainer gets
 * SIGTERM, writes its checkpoint and exits 75, which is never a failure), and a resumed one starts
 * new pods that resume from the trial's checkpoint. Pure.
 *
 * <p>Kueue uses {@code spec.suspend} too: it creates its Jobs suspended and unsuspends them on
 * admission. So the operator resumes only Jobs it suspended itself (marked with {@link
 * #ANNOTATION_SUSPENDED}), never a Job Kueue holds; and it never suspends a queued Job (one of a
 * sweep with a {@code queueName}, or labelled with a Kueue queue by the operator's default),
 * because Kueue would unsuspend an admitted Job again. A queued Job is stopped Kueue's way instead
 * ({@link #workloadChanges}): its Workload is deactivated ({@code spec.active: false}; Kueue evicts
 * it, which suspends the Job, so its pods get SIGTERM) and reactivated on resume (Kueue admits it
 * again and unsuspends the Job, whose new pods resume from the checkpoint).
 */
public final class SuspendPolicy {
    /** Mark on a trial Job (or JobSet) the operator suspended because its sweep is suspended. */
    public static final String ANNOTATION_SUSPENDED = SweepNames.PREFIX + "suspended-by-sweep";

    /**
     * Mark on a queued trial Job (or JobSet) whose Kueue Workload the operator deactivated because
     * its sweep is suspended: only those are reactivated on resume (a Workload someone else
     * deactivated stays so), and a marked Job is not deactivated again on every pass.
     */
    public static final String ANNOTATION_DEACTIVATED =
            SweepNames.PREFIX + "workload-deactivated-by-sweep";

    /** One change: set {@code spec.suspend} of {@code job} to {@code suspend}. */
    public record Change(Job job, boolean suspend) {}

    /**
     * One change: set {@code spec.active} of the Kueue Workload of {@code job} to {@code active}.
     */
    public record WorkloadChange(Job job, boolean active) {}

    private SuspendPolicy() {}

    /**
     * The changes for one pass.
     *
     * @param suspended the sweep's {@code spec.suspend}
     * @param queued whether the sweep names a Kueue {@code queueName}
     * @param jobs the sweep's Jobs (trial and fitting)
     */
    public static List<Change> changes(boolean suspended, boolean queued, Collection<Job> jobs) {
        List<Change> changes = new ArrayList<>();
        for (Job job : jobs) {
            if (!JobFacts.activeTrial(job)) {
                continue;
            }
            boolean jobSuspended =
                    job.getSpec() != null && Boolean.TRUE.equals(job.getSpec().getSuspend());
            if (suspended && !queued && !queued(job) && !jobSuspended) {
                changes.add(new Change(job, true));
            } else if (!suspended && jobSuspended && markedByUs(job)) {
                changes.add(new Change(job, false));
            }
        }
        return changes;
    }

    /**
     * The Workload changes for one pass: deactivate the Workload of every unfinished queued trial
     * Job of a suspended sweep (running or still waiting for admission: otherwise Kueue admits it
     * while the sweep is suspended), reactivate those the operator deactivated once it is resumed.
     * A Job without the Kueue queue label has no Workload and is left to {@link #changes}.
     */
    public static List<WorkloadChange> workloadChanges(boolean suspended, Collection<Job> jobs) {
        List<WorkloadChange> changes = new ArrayList<>();
        for (Job job : jobs) {
            if (!JobFacts.activeTrial(job) || !queued(job)) {
                continue;
            }
            boolean marked = marked(job, ANNOTATION_DEACTIVATED);
            if (suspended && !marked) {
                changes.add(new WorkloadChange(job, false));
            } else if (!suspended && marked) {
                changes.add(new WorkloadChange(job, true));
            }
        }
        return changes;
    }

    /** Whether the Job is queued by Kueue (it carries the queue label, from any source). */
    static boolean queued(Job job) {
        Map<String, String> labels = job.getMetadata().getLabels();
        return labels != null && labels.containsKey(SweepNames.KUEUE_QUEUE_LABEL);
    }

    private static boolean markedByUs(Job job) {
        return marked(job, ANNOTATION_SUSPENDED);
    }

    private static boolean marked(Job job, String annotation) {
        Map<String, String> a = job.getMetadata().getAnnotations();
        return a != null && "true".equals(a.get(annotation));
    }
}
