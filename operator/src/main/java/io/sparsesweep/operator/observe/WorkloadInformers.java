package io.sparsesweep.operator.observe;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.operator.jobset.JobSet;
import io.sparsesweep.operator.jobset.JobSetView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * The informers the controller watches (the sweeps' Jobs, and their JobSets when some accelerator
 * profile spans hosts) and the two reads the script makes from their caches: a sweep's workloads,
 * and the unfinished trial Jobs of every other sweep. Reads only. A JobSet takes part as the Job of
 * its attempt ({@link JobSetView}): one code path downstream.
 *
 * @param jobSets whether JobSets are watched (a cluster without the JobSet API, or without the
 *     chart's {@code rbac.jobSets}, then never needs it)
 */
public record WorkloadInformers(boolean jobSets) {
    private static final String JOBS = "jobs";
    private static final String JOBSETS = "jobsets";

    /** The event sources: Jobs (and JobSets) mapped back to their sweep by owner reference. */
    public List<EventSource<?, SparseSweep>> eventSources(EventSourceContext<SparseSweep> context) {
        // The Job cache keeps them without managedFields (see withoutManagedFields).
        var jobs =
                InformerEventSourceConfiguration.from(Job.class, SparseSweep.class)
                        .withName(JOBS)
                        .withLabelSelector(SweepNames.LABEL_SWEEP)
                        .withItemStore(
                                new TransformingItemStore<>(
                                        WorkloadInformers::withoutManagedFields))
                        .build();
        if (!jobSets) {
            return List.of(new InformerEventSource<>(jobs, context));
        }
        var sets =
                InformerEventSourceConfiguration.from(JobSet.class, SparseSweep.class)
                        .withName(JOBSETS)
                        .withLabelSelector(SweepNames.LABEL_SWEEP)
                        .build();
        return List.of(
                new InformerEventSource<>(jobs, context), new InformerEventSource<>(sets, context));
    }

    /**
     * Drops a cached Job's {@code metadata.managedFields}: nothing here reads them, and their
     * {@code fieldsV1} trees (one map per field the operator and the Job controller set, about 180
     * per Job) were nearly half of the operator's live heap in the 1000-trial scale benchmark (heap
     * histogram at the peak: ~250k LinkedHashMaps; ~64 MB live with them, ~36 MB without;
     * BENCHMARKS.md).
     */
    public static Job withoutManagedFields(Job job) {
        if (job.getMetadata() != null) {
            job.getMetadata().setManagedFields(null);
        }
        return job;
    }

    /** The sweep's Jobs, and its JobSets each as the Job of its attempt. */
    public Collection<Job> workloads(Context<SparseSweep> context) {
        Collection<Job> jobs = context.getSecondaryResources(Job.class);
        if (!jobSets) {
            return jobs;
        }
        List<Job> all = new ArrayList<>(jobs);
        context.getSecondaryResources(JobSet.class).stream()
                .map(JobSetView::asJob)
                .forEach(all::add);
        return all;
    }

    /** The unfinished trial Jobs (and JobSets) in the caches that the sweep does not own. */
    public int activeElsewhere(SparseSweep sweep, Context<SparseSweep> context) {
        var sources = context.eventSourceRetriever();
        Stream<Job> all = Stream.empty();
        if (sources.getEventSourceFor(Job.class, JOBS)
                instanceof InformerEventSource<Job, SparseSweep> informer) {
            all = informer.list(j -> true);
        }
        if (jobSets
                && sources.getEventSourceFor(JobSet.class, JOBSETS)
                        instanceof InformerEventSource<JobSet, SparseSweep> sets) {
            all = Stream.concat(all, sets.list(s -> true).map(JobSetView::asJob));
        }
        String uid = sweep.getMetadata().getUid();
        return (int) all.filter(j -> JobFacts.activeTrial(j) && !JobFacts.ownedBy(j, uid)).count();
    }
}
