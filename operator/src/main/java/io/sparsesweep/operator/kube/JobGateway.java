package io.sparsesweep.operator.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;

/**
 * The operator's only way to change Jobs and ConfigMaps and to read pods. Implementations must be
 * idempotent: creating a Job that exists is success (names are deterministic), deleting one that is
 * gone is success.
 */
public interface JobGateway {
    /**
     * Creates the Job unless one with its name exists. Returns true when this call created it. A
     * multi-host trial's Job (labelled {@code sparsesweep.io/runtime: jobset}, see {@code
     * TrialJobFactory}) is created as the JobSet of its slice instead ({@code SliceJobSetFactory}),
     * under the same name.
     */
    boolean create(Job job);

    /**
     * Deletes a Job and (in the background) its pods; a multi-host trial's JobSet of that name with
     * its Jobs and pods.
     */
    void delete(String namespace, String name);

    /**
     * Sets {@code spec.suspend} of a trial Job (of the JobSet, for a JobSet's view) and, with it,
     * the annotation {@code mark}: {@code "true"} when suspending, removed when resuming. A Job
     * that is gone is success.
     */
    void suspend(Job job, boolean suspend, String mark);

    /**
     * Sets the annotation {@code mark} of a trial Job (of the JobSet, for a JobSet's view) to
     * {@code "true"}, or removes it. A Job that is gone is success.
     */
    void mark(Job job, String mark, boolean on);

    /**
     * How the named container of a finished Job's pods terminated: a pod whose container exited 0
     * wins, else the latest termination. Empty when no pod with a terminated container exists. For
     * the view of a JobSet ({@code JobSetView}): its leader's, the pod of process 0.
     */
    Optional<ContainerStateTerminated> termination(Job job, String container);

    /**
     * The end of the named container's log in the finished Job's own pods (those carrying the Job's
     * controller uid; the one whose container exited 0 wins, else the latest): at most {@code
     * lines} lines and {@code maxBytes} bytes. Empty when there is no such pod or the cluster has
     * no log for it (a 4xx answer); other failures are thrown, so that a later pass tries again.
     */
    Optional<String> logTail(Job job, String container, int lines, int maxBytes);

    /** Creates or replaces the ConfigMap's data. */
    void upsert(ConfigMap configMap);

    /** The sweep's Jobs, for callers without an informer cache (tests, the CLI). */
    List<Job> jobsOf(String namespace, String sweep);
}
