package io.sparsesweep.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepLifecycleMetricsTest {
    /** Records what reaches JOSDK's own metrics. */
    private static final class TestingMetrics implements Metrics {
        final List<String> calls = new ArrayList<>();

        @Override
        public void receivedEvent(Event event, Map<String, Object> metadata) {
            calls.add("event " + event.getRelatedCustomResourceID().getName());
        }

        @Override
        public void failedReconciliation(
                HasMetadata resource, Exception exception, Map<String, Object> metadata) {
            calls.add("failed " + resource.getMetadata().getName());
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SweepMetrics sweeps = new SweepMetrics(registry);
    private final TestingMetrics josdk = new TestingMetrics();
    private final SweepLifecycleMetrics metrics = new SweepLifecycleMetrics(josdk, sweeps);

    private static SparseSweep sweep(String name) {
        SparseSweep s = new SparseSweep();
        s.setMetadata(
                new ObjectMetaBuilder()
                        .withNamespace("research")
                        .withName(name)
                        .withUid("uid-" + name)
                        .build());
        return s;
    }

    private static ResourceEvent event(ResourceAction action, HasMetadata resource) {
        return new ResourceEvent(action, ResourceID.fromResource(resource), resource);
    }

    @Test
    void theDeleteEventOfASweepRemovesItsSeriesOthersDoNot() {
        sweeps.observe(
                SweepMetrics.SweepId.of(sweep("a")), new TrialCounts(), SweepPhase.Running, null);
        sweeps.observe(
                SweepMetrics.SweepId.of(sweep("b")), new TrialCounts(), SweepPhase.Running, null);

        metrics.receivedEvent(event(ResourceAction.UPDATED, sweep("a")), Map.of());
        assertThat(sweeps.sweeps()).hasSize(2);
        ConfigMap sameName =
                new ConfigMapBuilder()
                        .withNewMetadata()
                        .withNamespace("research")
                        .withName("a")
                        .endMetadata()
                        .build();
        metrics.receivedEvent(event(ResourceAction.DELETED, sameName), Map.of());
        assertThat(sweeps.sweeps()).as("another kind's deletion").hasSize(2);

        metrics.receivedEvent(event(ResourceAction.DELETED, sweep("a")), Map.of());

        assertThat(sweeps.sweeps()).containsExactly(new SweepMetrics.SweepKey("research", "b"));
        assertThat(registry.find("sparsesweep.trials").tag("name", "a").meters()).isEmpty();
        assertThat(josdk.calls).as("JOSDK's metrics see every event").hasSize(3);
    }

    @Test
    void aFailedReconcileIsCountedForItsSweepAndPassedOn() {
        metrics.failedReconciliation(sweep("a"), new IllegalStateException("boom"), Map.of());
        metrics.failedReconciliation(sweep("a"), new IllegalStateException("boom"), Map.of());

        assertThat(
                        registry.get("sparsesweep.reconcile.errors")
                                .tags("namespace", "research", "name", "a")
                                .counter()
                                .count())
                .isEqualTo(2.0);
        assertThat(josdk.calls).containsExactly("failed a", "failed a");
    }

    @Test
    void aFailureReportedAfterTheSweepsDeletionDoesNotBringItsSeriesBack() {
        metrics.failedReconciliation(sweep("a"), new IllegalStateException("boom"), Map.of());
        metrics.receivedEvent(event(ResourceAction.DELETED, sweep("a")), Map.of());
        metrics.failedReconciliation(sweep("a"), new IllegalStateException("404"), Map.of());

        assertThat(registry.find("sparsesweep.reconcile.errors").tag("name", "a").meters())
                .isEmpty();
        assertThat(sweeps.sweeps()).isEmpty();
    }
}
