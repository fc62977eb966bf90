package io.sparsesweep.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialCounts;
import io.sparsesweep.operator.observe.AttemptTimes;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SweepMetrics metrics = new SweepMetrics(registry);

    private long seriesOf(String name) {
        return registry.getMeters().stream()
                .map(Meter::getId)
                .filter(id -> name.equals(id.getTag("name")))
                .count();
    }

    /** A sweep whose UID follows from its name: the same sweep every time it is named. */
    private static SweepMetrics.SweepId id(String namespace, String name) {
        return new SweepMetrics.SweepId(namespace, name, "uid-" + namespace + "-" + name);
    }

    private static AttemptTimes times(int waitSeconds, int runSeconds) {
        return new AttemptTimes(
                Optional.of(Duration.ofSeconds(waitSeconds)),
                Optional.of(Duration.ofSeconds(runSeconds)));
    }

    @Test
    void aSweepsSeriesCarryItsNamespaceAndNameAndFollowItsStatus() {
        TrialCounts counts = new TrialCounts();
        counts.setRunning(3);
        metrics.observe(id("research", "a"), counts, SweepPhase.Running, 2.5);

        assertThat(
                        registry.get("sparsesweep.trials")
                                .tags("namespace", "research", "name", "a", "state", "running")
                                .gauge()
                                .value())
                .isEqualTo(3.0);
        assertThat(
                        registry.get("sparsesweep.sweep.phase")
                                .tags("name", "a", "phase", "Running")
                                .gauge()
                                .value())
                .isEqualTo(1.0);
        assertThat(
                        registry.get("sparsesweep.sweep.phase")
                                .tags("name", "a", "phase", "Complete")
                                .gauge()
                                .value())
                .isEqualTo(0.0);
        assertThat(
                        registry.get("sparsesweep.sweep.best.val.loss")
                                .tags("name", "a")
                                .gauge()
                                .value())
                .isEqualTo(2.5);
        assertThat(registry.get("sparsesweep.sweeps").tags("phase", "Running").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void anAttemptIsTimedOnceHoweverOftenItIsObserved() {
        metrics.attemptFinished(id("research", "a"), "a-t1-a1", true, times(20, 300));
        metrics.attemptFinished(id("research", "a"), "a-t1-a1", true, times(20, 300));
        metrics.attemptFinished(id("research", "a"), "a-t2-a1", false, times(5, 60));

        Timer succeeded =
                registry.get("sparsesweep.trial.duration")
                        .tags("name", "a", "outcome", "succeeded")
                        .timer();
        Timer failed =
                registry.get("sparsesweep.trial.duration")
                        .tags("name", "a", "outcome", "failed")
                        .timer();
        Timer wait = registry.get("sparsesweep.trial.queue.wait").tags("name", "a").timer();
        assertThat(succeeded.count()).isEqualTo(1);
        assertThat(succeeded.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(300.0);
        assertThat(failed.count()).isEqualTo(1);
        assertThat(wait.count()).isEqualTo(2);
        assertThat(wait.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(25.0);

        metrics.fitted(id("research", "a"), 4.0);
        metrics.fitted(id("research", "a"), 4.0);
        assertThat(registry.get("sparsesweep.fit.duration").tags("name", "a").timer().count())
                .isEqualTo(1);
    }

    @Test
    void forgettingASweepRemovesEveryOneOfItsSeriesAndNoOtherSweeps() {
        metrics.observe(id("research", "a"), new TrialCounts(), SweepPhase.Complete, 1.0);
        metrics.launched(id("research", "a"), true);
        metrics.reconcileFailed(id("research", "a"));
        metrics.observe(id("research", "b"), new TrialCounts(), SweepPhase.Running, null);
        long ofB = seriesOf("b");
        assertThat(seriesOf("a")).isEqualTo(ofB).isPositive();

        metrics.forget(id("research", "a"));

        assertThat(seriesOf("a")).isZero();
        assertThat(seriesOf("b")).isEqualTo(ofB);
        assertThat(metrics.sweeps()).containsExactly(new SweepMetrics.SweepKey("research", "b"));
        assertThat(registry.get("sparsesweep.sweeps").tags("phase", "Complete").gauge().value())
                .isZero();
        metrics.forget(id("research", "a")); // a second delete event changes nothing
        assertThat(seriesOf("b")).isEqualTo(ofB);
    }

    @Test
    void aReconcileStillRunningWhenItsSweepIsDeletedCannotBringItsSeriesBack() {
        SweepMetrics.SweepId deleted = new SweepMetrics.SweepId("research", "a", "uid-1");
        metrics.observe(deleted, new TrialCounts(), SweepPhase.Running, null);
        metrics.forget(deleted);

        // what a pass that read the sweep before its deletion records afterwards
        metrics.launched(deleted, false);
        metrics.observe(deleted, new TrialCounts(), SweepPhase.Running, 1.0);
        metrics.resultUnavailable(deleted);
        metrics.reconcileFailed(deleted);
        metrics.attemptFinished(deleted, "a-t1-a1", true, times(1, 2));
        metrics.fitted(deleted, 1.0);
        assertThat(seriesOf("a")).isZero();
        assertThat(metrics.sweeps()).isEmpty();

        // a new sweep of the same name is another sweep
        SweepMetrics.SweepId again = new SweepMetrics.SweepId("research", "a", "uid-2");
        metrics.launched(again, false);
        assertThat(registry.get("sparsesweep.trial.launches").tags("name", "a").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aSweepInAnotherNamespaceIsAnotherSweep() {
        metrics.launched(id("research", "a"), false);
        metrics.launched(id("other", "a"), false);
        metrics.forget(id("other", "a"));
        assertThat(
                        registry.get("sparsesweep.trial.launches")
                                .tags("namespace", "research", "name", "a")
                                .counter()
                                .count())
                .isEqualTo(1.0);
        assertThat(registry.find("sparsesweep.trial.launches").tags("namespace", "other").meters())
                .isEmpty();
    }
}
