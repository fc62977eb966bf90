package io.sparsesweep.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.sparsesweep.crd.SparseSweep;
import java.util.Map;

/**
 * JOSDK's metrics (delegated to its Micrometer implementation) plus what only JOSDK sees about a
 * sweep: its deletion, which removes every per-sweep series ({@link SweepMetrics#forget}; the
 * operator has no finalizer, so no reconcile runs for a deleted sweep), and a failed reconcile
 * pass, counted per sweep.
 */
public final class SweepLifecycleMetrics implements Metrics {
    private final Metrics delegate;
    private final SweepMetrics sweeps;

    public SweepLifecycleMetrics(Metrics delegate, SweepMetrics sweeps) {
        this.delegate = delegate;
        this.sweeps = sweeps;
    }

    @Override
    public void receivedEvent(Event event, Map<String, Object> metadata) {
        delegate.receivedEvent(event, metadata);
        if (event instanceof ResourceEvent r
                && r.getAction() == ResourceAction.DELETED
                && r.getResource().map(x -> x instanceof SparseSweep).orElse(true)) {
            ResourceID id = r.getRelatedCustomResourceID();
            sweeps.forget(
                    r.getResource()
                            .map(SweepMetrics.SweepId::of)
                            .orElse(
                                    new SweepMetrics.SweepId(
                                            id.getNamespace().orElse(""), id.getName(), null)));
        }
    }

    @Override
    public void failedReconciliation(
            HasMetadata resource, Exception exception, Map<String, Object> metadata) {
        delegate.failedReconciliation(resource, exception, metadata);
        if (resource instanceof SparseSweep) {
            sweeps.reconcileFailed(SweepMetrics.SweepId.of(resource));
        }
    }

    @Override
    public void controllerRegistered(Controller<? extends HasMetadata> controller) {
        delegate.controllerRegistered(controller);
    }

    @Override
    public void reconcileCustomResource(
            HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        delegate.reconcileCustomResource(resource, retryInfo, metadata);
    }

    @Override
    public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
        delegate.reconciliationExecutionStarted(resource, metadata);
    }

    @Override
    public void reconciliationExecutionFinished(
            HasMetadata resource, Map<String, Object> metadata) {
        delegate.reconciliationExecutionFinished(resource, metadata);
    }

    @Override
    public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
        delegate.cleanupDoneFor(resourceID, metadata);
    }

    @Override
    public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
        delegate.finishedReconciliation(resource, metadata);
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        return delegate.timeControllerExecution(execution);
    }

    @Override
    public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
        return delegate.monitorSizeOf(map, name);
    }
}
