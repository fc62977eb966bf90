package io.sparsesweep.operator.kube;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sparsesweep.operator.logging.LogContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a reconcile's batch of Jobs through a {@link JobGateway} with at most {@code concurrency}
 * creations in flight, so that a 1000-trial sweep does not wait for 1000 API round trips one after
 * another. One pool serves every reconcile, so the bound holds for the whole operator, not per
 * sweep.
 *
 * <p>What the batch is (how many Jobs, under which names) is decided before, by the scheduler; this
 * class only changes when the creates happen, so the parallelism and the cluster-wide cap hold as
 * before. Idempotency is the gateway's: names are deterministic and an existing Job is reported as
 * "not created", never made twice. Each Job's outcome stands on its own: a failed create is
 * reported in its {@link Outcome} and never stops or hides the others, and {@link #createAll}
 * returns only when every create of the batch has finished.
 */
public final class ConcurrentJobCreator {
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentJobCreator.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    /**
     * What became of one Job of the batch.
     *
     * @param job the Job asked for
     * @param created true when this call created it (false: it existed, or the create failed)
     * @param failure why the create failed, or null
     */
    public record Outcome(Job job, boolean created, RuntimeException failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    private final JobGateway gateway;
    private final int concurrency;
    private final ThreadPoolExecutor pool;

    /**
     * @param concurrency most creates in flight; 1 runs them one by one on the caller's thread
     */
    public ConcurrentJobCreator(JobGateway gateway, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException(
                    "jobCreationConcurrency: must be at least 1, was " + concurrency);
        }
        this.gateway = gateway;
        this.concurrency = concurrency;
        if (concurrency == 1) {
            this.pool = null;
        } else {
            String prefix = "sparsesweep-job-create-" + POOLS.incrementAndGet() + "-";
            AtomicInteger threads = new AtomicInteger();
            this.pool =
                    new ThreadPoolExecutor(
                            concurrency,
                            concurrency,
                            30,
                            TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(),
                            r -> {
                                Thread t = new Thread(r, prefix + threads.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
            // Idle threads go away between sweeps; nothing needs closing.
            pool.allowCoreThreadTimeOut(true);
        }
    }

    /** Most creates in flight. */
    public int concurrency() {
        return concurrency;
    }

    /**
     * Creates every Job of {@code jobs} and returns their outcomes in the same order, once all have
     * finished. {@code onCreated} runs right after each create that made a new Job, on the thread
     * that made it (so it must be thread-safe); an exception it throws is logged and does not
     * change the outcome.
     */
    public List<Outcome> createAll(List<Job> jobs, Consumer<Job> onCreated) {
        if (pool == null || jobs.size() <= 1) {
            return jobs.stream().map(j -> createOne(j, onCreated)).toList();
        }
        List<Future<Outcome>> pending = new ArrayList<>(jobs.size());
        // The pool's threads log with the caller's context (the sweep JOSDK is reconciling).
        Map<String, String> context = LogContext.capture();
        for (Job job : jobs) {
            pending.add(
                    pool.submit(() -> LogContext.with(context, () -> createOne(job, onCreated))));
        }
        List<Outcome> outcomes = new ArrayList<>(jobs.size());
        for (int i = 0; i < pending.size(); i++) {
            try {
                outcomes.add(pending.get(i).get());
            } catch (InterruptedException e) {
                // Stopping: creates not yet started are dropped (the next reconcile makes them);
                // those in flight finish on their own.
                pending.forEach(f -> f.cancel(false));
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating Jobs", e);
            } catch (CancellationException e) {
                outcomes.add(new Outcome(jobs.get(i), false, e));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                RuntimeException cause =
                        e.getCause() instanceof RuntimeException r
                                ? r
                                : new IllegalStateException(e.getCause());
                outcomes.add(new Outcome(jobs.get(i), false, cause));
            }
        }
        return outcomes;
    }

    private Outcome createOne(Job job, Consumer<Job> onCreated) {
        boolean created;
        try {
            created = gateway.create(job);
        } catch (RuntimeException e) {
            return new Outcome(job, false, e);
        }
        if (created) {
            try {
                onCreated.accept(job);
            } catch (RuntimeException e) {
                LOG.warn(
                        "bookkeeping after create failed job={} error={}",
                        job.getMetadata().getName(),
                        e.toString());
            }
        }
        return new Outcome(job, created, null);
    }
}
