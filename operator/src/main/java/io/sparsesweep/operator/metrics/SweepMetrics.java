package io.sparsesweep.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialCounts;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * The operator's own metrics, next to JOSDK's reconciliation metrics: trials by state and sweeps by
 * phase (gauges over every sweep seen), trial launches, unreadable results and fit duration.
 */
public final class SweepMetrics {
    private final Map<String, TrialCounts> countsBySweep = new ConcurrentHashMap<>();
    private final Map<String, SweepPhase> phaseBySweep = new ConcurrentHashMap<>();
    private final Set<String> fitRecorded = ConcurrentHashMap.newKeySet();
    private final Counter launches;
    private final Counter retries;
    private final Counter resultsUnavailable;
    private final DistributionSummary fitSeconds;

    public SweepMetrics(MeterRegistry registry) {
        gauge(registry, "pending", TrialCounts::getPending);
        gauge(registry, "running", TrialCounts::getRunning);
        gauge(registry, "succeeded", TrialCounts::getSucceeded);
        gauge(registry, "failed", TrialCounts::getFailed);
        gauge(registry, "cancelled", TrialCounts::getCancelled);
        for (SweepPhase phase : SweepPhase.values()) {
            Gauge.builder(
                            "sparsesweep.sweeps",
                            phaseBySweep,
                            m -> m.values().stream().filter(p -> p == phase).count())
                    .description("SparseSweeps by phase")
                    .tag("phase", phase.name())
                    .register(registry);
        }
        launches = counter(registry, "sparsesweep.trial.launches", "Trial Jobs created");
        retries = counter(registry, "sparsesweep.trial.retries", "Trial Jobs created for a retry");
        resultsUnavailable =
                counter(
                        registry,
                        "sparsesweep.trial.results.unavailable",
                        "Trials that finished without a valid result");
        fitSeconds =
                DistributionSummary.builder("sparsesweep.fit.duration")
                        .baseUnit("seconds")
                        .description("Duration of the law fit")
                        .register(registry);
    }

    /** Metrics into a throw-away registry (tests, the CLI's one-shot modes). */
    public static SweepMetrics discarding() {
        return new SweepMetrics(new SimpleMeterRegistry());
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    private void gauge(MeterRegistry registry, String state, ToIntFunction<TrialCounts> f) {
        Gauge.builder(
                        "sparsesweep.trials",
                        countsBySweep,
                        m -> m.values().stream().mapToInt(f).sum())
                .description("Trials of all SparseSweeps by state")
                .tag("state", state)
                .register(registry);
    }

    /** Records a sweep's current counts and phase. */
    public void observe(String sweepKey, TrialCounts counts, SweepPhase phase) {
        if (counts != null) {
            countsBySweep.put(sweepKey, counts);
        }
        if (phase != null) {
            phaseBySweep.put(sweepKey, phase);
        }
    }

    /** Forgets a deleted sweep. */
    public void forget(String sweepKey) {
        countsBySweep.remove(sweepKey);
        phaseBySweep.remove(sweepKey);
        fitRecorded.remove(sweepKey);
    }

    /** A trial Job was created. */
    public void launched(boolean retry) {
        launches.increment();
        if (retry) {
            retries.increment();
        }
    }

    /** A trial ended without a valid result. */
    public void resultUnavailable() {
        resultsUnavailable.increment();
    }

    /** Records a fit's duration once per sweep. */
    public void fitted(String sweepKey, double seconds) {
        if (fitRecorded.add(sweepKey)) {
            fitSeconds.record(seconds);
        }
    }
}
