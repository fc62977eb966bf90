package io.sparsesweep.operator.controller;

import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.operator.kube.EventRecorder;
import io.sparsesweep.operator.kube.StatusWriter;
import io.sparsesweep.operator.logging.LogContext;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.status.Outcome;
import io.sparsesweep.operator.status.Outcomes;
import io.sparsesweep.operator.status.StatusBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a status and then reports what it records: writes it through the {@link StatusWriter},
 * and only when that succeeded emits the outcome events ({@link Outcomes}, a diff of the status
 * before and after), their log lines and the metrics. A failed write reports nothing; the pass that
 * finally writes reports each outcome once.
 */
record OutcomeReporter(StatusWriter statusWriter, EventRecorder events, SweepMetrics metrics) {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeReporter.class);

    /**
     * Writes {@code wanted} within the status budget (unless that equals the recorded status), then
     * reports.
     */
    void record(SparseSweep sweep, SparseSweepStatus wanted) {
        SparseSweepStatus next = StatusBudget.apply(wanted);
        SparseSweepStatus previous = sweep.getStatus();
        statusWriter.write(sweep, previous, next);
        String key = SparseSweepReconciler.key(sweep);
        SweepMetrics.SweepId id = SweepMetrics.SweepId.of(sweep);
        for (Outcome o : Outcomes.between(previous, next)) {
            try (var log = LogContext.trial(o.trial(), null, null)) {
                if (o.warning()) {
                    events.warning(sweep, o.reason(), o.message());
                } else {
                    events.normal(sweep, o.reason(), o.message());
                }
                if (Outcome.TRIAL_RESULT_UNAVAILABLE.equals(o.reason())) {
                    metrics.resultUnavailable(id);
                }
                LOG.info("recorded sweep={} reason={} message={}", key, o.reason(), o.message());
            }
        }
        if (next.getTrialCounts() != null) {
            metrics.observe(id, next.getTrialCounts(), next.getPhase(), next.getBestValLoss());
        }
        if (next.getFit() != null && next.getFit().getDurationSeconds() != null) {
            metrics.fitted(id, next.getFit().getDurationSeconds());
        }
    }
}
