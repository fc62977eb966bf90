package io.sparsesweep.operator.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.sparsesweep.crd.FitJobStatus;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SweepLimits;
import io.sparsesweep.crd.TrialStatus;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a status the operator is about to write inside what the API server will take, whatever
 * trials, Jobs and fits put into it: every free-text field is capped (and the CRD's {@code
 * maxLength} on status strings matches these caps, so a write is never refused for one), and the
 * whole status stays under {@link SweepLimits#MAX_STATUS_BYTES}. Without this, 1000 trials each
 * ending with a 4 KB unusable result made a 4.4 MB status, past etcd's 1.5 MiB, and every status
 * write failed from then on. Pure: works on a copy (the status to write may share objects with the
 * one last written, which the writer diffs against).
 */
public final class StatusBudget {
    /** Trial messages are cut to this first when the whole status is over budget. */
    static final int SHORT_TRIAL_MESSAGE = 64;

    // Plain Jackson over the status beans (this package stays free of the client): nulls are
    // left out as the API server stores them, so the count is the size of the stored object.
    private static final ObjectMapper JSON =
            new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private StatusBudget() {}

    /** Caps every free-text field, then shrinks the status until it fits the budget. */
    public static SparseSweepStatus apply(SparseSweepStatus status) {
        if (status == null) {
            return null;
        }
        SparseSweepStatus s = JSON.convertValue(status, SparseSweepStatus.class);
        if (s.getTrials() != null) {
            for (TrialStatus t : s.getTrials()) {
                t.setMessage(SweepLimits.cap(t.getMessage(), SweepLimits.MAX_TRIAL_MESSAGE_LENGTH));
            }
        }
        FitJobStatus fitJob = s.getFitJob();
        if (fitJob != null) {
            fitJob.setMessage(SweepLimits.capMessage(fitJob.getMessage()));
        }
        FitStatus fit = s.getFit();
        if (fit != null) {
            fit.setMessage(SweepLimits.capMessage(fit.getMessage()));
            fit.setLaw(SweepLimits.capMessage(fit.getLaw()));
        }
        if (s.getConditions() != null) {
            for (Condition c : s.getConditions()) {
                c.setMessage(SweepLimits.capMessage(c.getMessage()));
            }
        }
        if (bytes(s) <= SweepLimits.MAX_STATUS_BYTES) {
            return s;
        }
        // Over budget: first the per-trial detail goes, then the fit's full report.
        forEachTrial(s, t -> t.setMessage(SweepLimits.cap(t.getMessage(), SHORT_TRIAL_MESSAGE)));
        if (bytes(s) <= SweepLimits.MAX_STATUS_BYTES) {
            return s;
        }
        forEachTrial(s, t -> t.setMessage(null));
        if (bytes(s) <= SweepLimits.MAX_STATUS_BYTES || fit == null) {
            return s;
        }
        fit.setReport(null);
        return s;
    }

    /** The status as JSON, in bytes. */
    public static int bytes(SparseSweepStatus s) {
        try {
            return JSON.writeValueAsString(s).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status not serializable", e);
        }
    }

    private static void forEachTrial(
            SparseSweepStatus s, java.util.function.Consumer<TrialStatus> action) {
        if (s.getTrials() != null) {
            s.getTrials().forEach(action);
        }
    }
}
