package io.sparsesweep.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialCounts;
import io.sparsesweep.operator.observe.AttemptTimes;
import io.sparsesweep.operator.observe.ObservedTrial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * The operator's own metrics, next to JOSDK's reconciliation metrics. Per sweep, labelled {@code
 * namespace} and {@code name}: trials by state, the phase (a state set: 1 for the current phase),
 * the best validation loss, trial launches, retries, unusable results, reconcile errors, and
 * histograms of attempt duration, queue wait (Job created to trainer started) and fit duration.
 * Operator-wide: sweeps by phase. Every series of a sweep is removed when the sweep is deleted
 * ({@link #forget}), so dashboards do not keep dead sweeps; a reconcile pass of that sweep still
 * running when the deletion arrives cannot bring them back (its UID is remembered), while a new
 * sweep of the same name gets fresh series. Names follow Prometheus conventions once exported: base
 * unit seconds, {@code _total} on counters.
 */
public final class SweepMetrics {
    /** Bucket bounds of attempt durations and queue waits: 10 s to 2 days. */
    static final Duration[] TRIAL_BUCKETS = {
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        Duration.ofMinutes(30),
        Duration.ofHours(1),
        Duration.ofHours(2),
        Duration.ofHours(4),
        Duration.ofHours(8),
        Duration.ofHours(16),
        Duration.ofDays(1),
        Duration.ofDays(2)
    };

    /** Bucket bounds of fit durations: 1 s to 1 h. */
    static final Duration[] FIT_BUCKETS = {
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofSeconds(60),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15),
        Duration.ofHours(1)
    };

    /** How many deleted sweeps' UIDs are remembered. */
    static final int REMEMBERED_DELETIONS = 10_000;

    private final MeterRegistry registry;
    private final Map<SweepKey, SweepSeries> sweeps = new ConcurrentHashMap<>();

    /** UIDs of deleted sweeps, oldest first; guarded by {@code this}. */
    private final Map<String, Boolean> deleted =
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_DELETIONS;
                }
            };

    /** A sweep, as its labels name it. */
    public record SweepKey(String namespace, String name) {
        Tags tags() {
            return Tags.of("namespace", namespace, "name", name);
        }
    }

    /**
     * A sweep as the operator sees it: the labels of its series and its UID, which tells a deleted
     * sweep from a new one of the same name (null: unknown, never remembered as deleted).
     */
    public record SweepId(String namespace, String name, String uid) {
        public static SweepId of(HasMetadata sweep) {
            return new SweepId(
                    sweep.getMetadata().getNamespace(),
                    sweep.getMetadata().getName(),
                    sweep.getMetadata().getUid());
        }

        SweepKey key() {
            return new SweepKey(namespace, name);
        }
    }

    /** What one sweep has registered, so that all of it can be removed at once. */
    private final class SweepSeries {
        final SweepKey key;
        final List<Meter> meters = new ArrayList<>();
        volatile TrialCounts counts = new TrialCounts();
        volatile SweepPhase phase;
        volatile Double bestLoss;
        final Set<String> timedAttempts = ConcurrentHashMap.newKeySet();
        volatile boolean fitTimed;
        final Counter launches;
        final Counter retries;
        final Counter resultsUnavailable;
        final Counter reconcileErrors;
        final Timer attemptDuration;
        final Timer attemptDurationFailed;
        final Timer queueWait;
        final Timer fitDuration;

        SweepSeries(SweepKey key) {
            this.key = key;
            Tags tags = key.tags();
            trialGauge(tags, "pending", TrialCounts::getPending);
            trialGauge(tags, "running", TrialCounts::getRunning);
            trialGauge(tags, "succeeded", TrialCounts::getSucceeded);
            trialGauge(tags, "failed", TrialCounts::getFailed);
            trialGauge(tags, "cancelled", TrialCounts::getCancelled);
            for (SweepPhase p : SweepPhase.values()) {
                keep(
                        Gauge.builder("sparsesweep.sweep.phase", this, s -> s.phase == p ? 1 : 0)
                                .description("1 for the sweep's current phase, 0 for the others")
                                .tags(tags.and("phase", p.name()))
                                .register(registry));
            }
            keep(
                    Gauge.builder(
                                    "sparsesweep.sweep.best.val.loss",
                                    this,
                                    s -> s.bestLoss == null ? Double.NaN : s.bestLoss)
                            .description(
                                    "Lowest validation loss among the sweep's succeeded trials")
                            .tags(tags)
                            .register(registry));
            launches = counter("sparsesweep.trial.launches", "Trial Jobs created", tags);
            retries = counter("sparsesweep.trial.retries", "Trial Jobs created for a retry", tags);
            resultsUnavailable =
                    counter(
                            "sparsesweep.trial.results.unavailable",
                            "Trials whose Job succeeded without a valid result",
                            tags);
            reconcileErrors =
                    counter(
                            "sparsesweep.reconcile.errors",
                            "Reconcile passes of the sweep that ended in an error (JOSDK retries"
                                    + " them)",
                            tags);
            attemptDuration = attemptTimer(tags, "succeeded");
            attemptDurationFailed = attemptTimer(tags, "failed");
            queueWait =
                    keep(
                            Timer.builder("sparsesweep.trial.queue.wait")
                                    .description(
                                            "Time from a trial Job's creation to its trainer"
                                                    + " starting (Kueue admission, scheduling,"
                                                    + " image pull)")
                                    .serviceLevelObjectives(TRIAL_BUCKETS)
                                    .tags(tags)
                                    .register(registry));
            fitDuration =
                    keep(
                            Timer.builder("sparsesweep.fit.duration")
                                    .description("Duration of the sweep's law fit")
                                    .serviceLevelObjectives(FIT_BUCKETS)
                                    .tags(tags)
                                    .register(registry));
        }

        private void trialGauge(Tags tags, String state, ToIntFunction<TrialCounts> f) {
            keep(
                    Gauge.builder("sparsesweep.trials", this, s -> f.applyAsInt(s.counts))
                            .description("Trials of the sweep by state")
                            .tags(tags.and("state", state))
                            .register(registry));
        }

        private Counter counter(String name, String description, Tags tags) {
            return keep(
                    Counter.builder(name).description(description).tags(tags).register(registry));
        }

        private Timer attemptTimer(Tags tags, String outcome) {
            return keep(
                    Timer.builder("sparsesweep.trial.duration")
                            .description(
                                    "Duration of finished trial attempts (trainer start to end)")
                            .serviceLevelObjectives(TRIAL_BUCKETS)
                            .tags(tags.and("outcome", outcome))
                            .register(registry));
        }

        private <M extends Meter> M keep(M meter) {
            meters.add(meter);
            return meter;
        }
    }

    public SweepMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (SweepPhase phase : SweepPhase.values()) {
            Gauge.builder(
                            "sparsesweep.sweeps",
                            sweeps,
                            m -> m.values().stream().filter(s -> s.phase == phase).count())
                    .description("SparseSweeps by phase")
                    .tag("phase", phase.name())
                    .register(registry);
        }
    }

    /** Metrics into a throw-away registry (tests, the CLI's one-shot modes). */
    public static SweepMetrics discarding() {
        return new SweepMetrics(new SimpleMeterRegistry());
    }

    /** The sweep's series, created on first use; null for a sweep already deleted. */
    private synchronized SweepSeries of(SweepId id) {
        if (id.uid() != null && deleted.containsKey(id.uid())) {
            return null;
        }
        return sweeps.computeIfAbsent(id.key(), SweepSeries::new);
    }

    /** Records a sweep's current counts, phase and best loss. */
    public void observe(SweepId id, TrialCounts counts, SweepPhase phase, Double bestLoss) {
        SweepSeries s = of(id);
        if (s == null) {
            return;
        }
        if (counts != null) {
            s.counts = counts;
        }
        if (phase != null) {
            s.phase = phase;
        }
        s.bestLoss = bestLoss;
    }

    /** Removes every series of a deleted sweep, for good (a late record does not restore them). */
    public synchronized void forget(SweepId id) {
        if (id.uid() != null) {
            deleted.put(id.uid(), Boolean.TRUE);
        }
        SweepSeries s = sweeps.remove(id.key());
        if (s != null) {
            s.meters.forEach(registry::remove);
        }
    }

    /** The sweeps with series, for tests and the deletion check. */
    public Set<SweepKey> sweeps() {
        return Set.copyOf(sweeps.keySet());
    }

    /** A trial Job was created. */
    public void launched(SweepId id, boolean retry) {
        SweepSeries s = of(id);
        if (s == null) {
            return;
        }
        s.launches.increment();
        if (retry) {
            s.retries.increment();
        }
    }

    /** A trial ended without a valid result. */
    public void resultUnavailable(SweepId id) {
        SweepSeries s = of(id);
        if (s != null) {
            s.resultsUnavailable.increment();
        }
    }

    /** A reconcile pass of the sweep failed. */
    public void reconcileFailed(SweepId id) {
        SweepSeries s = of(id);
        if (s != null) {
            s.reconcileErrors.increment();
        }
    }

    /** {@link #attemptFinished} for every observed trial whose latest attempt finished. */
    public void attemptsFinished(SweepId id, Collection<ObservedTrial> observed) {
        observed.stream()
                .filter(o -> o.times() != null)
                .forEach(o -> attemptFinished(id, o.job(), o.result() != null, o.times()));
    }

    /**
     * A finished attempt's queue wait and duration, recorded once per Job however often it is
     * observed before its deletion.
     */
    public void attemptFinished(SweepId id, String job, boolean succeeded, AttemptTimes times) {
        SweepSeries s = of(id);
        if (s == null || times == null || !s.timedAttempts.add(job)) {
            return;
        }
        times.queueWait().ifPresent(s.queueWait::record);
        times.duration()
                .ifPresent((succeeded ? s.attemptDuration : s.attemptDurationFailed)::record);
    }

    /** Records a fit's duration once per sweep. */
    public void fitted(SweepId id, double seconds) {
        SweepSeries s = of(id);
        if (s != null && !s.fitTimed) {
            s.fitTimed = true;
            s.fitDuration.record(Duration.ofMillis(Math.round(seconds * 1000)));
        }
    }
}
