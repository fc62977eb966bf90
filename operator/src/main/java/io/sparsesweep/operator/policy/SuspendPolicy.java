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
 * #ANNOTATION_SUSPENDED}), never a Job Kueue holds; and it leaves running Jobs of a sweep with a
 * {@code queueName} alone, because Kueue would unsuspend an admitted Job again (stopping those is
 * Kueue's: deactivate their Workloads).
 */
public final class SuspendPolicy {
    /** Mark on a trial Job (or JobSet) the operator suspended because its sweep is suspended. */
    public static final String ANNOTATION_SUSPENDED = SweepNames.PREFIX + "suspended-by-sweep";

    /** One change: set {@code spec.suspend} of {@code job} to {@code suspend}. */
    public record Change(Job job, boolean suspend) {}

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
            if (suspended && !queued && !jobSuspended) {
                changes.add(new Change(job, true));
            } else if (!suspended && jobSuspended && markedByUs(job)) {
                changes.add(new Change(job, false));
            }
        }
        return changes;
    }

    private static boolean markedByUs(Job job) {
        Map<String, String> a = job.getMetadata().getAnnotations();
        return a != null && "true".equals(a.get(ANNOTATION_SUSPENDED));
    }
}
