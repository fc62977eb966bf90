package io.sparsesweep.operator.kube;

import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The operator's only way to Kueue's Workloads ({@code workloads.kueue.x-k8s.io}): a queued trial
 * Job (or JobSet) is stopped and restarted through its Workload's {@code spec.active}, the way
 * Kueue's own users do, never by suspending the Job behind Kueue's back. Kueue is optional: where
 * its API is not served, or the operator may not use it (the chart's {@code kueue.enabled}), every
 * call answers {@link Outcome#NO_KUEUE} and changes nothing.
 */
public interface WorkloadGateway {
    /** What {@link #setActive} found. */
    enum Outcome {
        /** The Job's Workload(s) now have the wanted {@code spec.active}. */
        DONE,
        /** Kueue has made no Workload for the Job (yet); nothing changed. */
        NO_WORKLOAD,
        /** No Workload API here (Kueue not installed, or not allowed); nothing changed. */
        NO_KUEUE
    }

    /**
     * Sets {@code spec.active} of the Workloads Kueue made for {@code job} (those controlled by the
     * Job's, or JobSet's, uid). A Workload that is gone meanwhile is success.
     */
    Outcome setActive(Job job, boolean active);

    /** No Kueue: the seam for clusters and tests without it. */
    WorkloadGateway NONE = (job, active) -> Outcome.NO_KUEUE;
}
