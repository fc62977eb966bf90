package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Trials by state; {@code failed} includes ResultUnavailable. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrialCounts {
    @JsonPropertyDescription("Trials in the grid.")
    private int total;

    @JsonPropertyDescription("Trials not launched yet.")
    private int pending;

    @JsonPropertyDescription("Trials with an unfinished Job (it may be queued by Kueue).")
    private int running;

    @JsonPropertyDescription("Trials with a recorded result.")
    private int succeeded;

    @JsonPropertyDescription("Trials failed for good (Failed or ResultUnavailable).")
    private int failed;

    @JsonPropertyDescription("Trials stopped because the sweep failed.")
    private int cancelled;

    public int getTotal() {
        return total;
    }

    public void setTotal(int total) {
        this.total = total;
    }

    public int getPending() {
        return pending;
    }

    public void setPending(int pending) {
        this.pending = pending;
    }

    public int getRunning() {
        return running;
    }

    public void setRunning(int running) {
        this.running = running;
    }

    public int getSucceeded() {
        return succeeded;
    }

    public void setSucceeded(int succeeded) {
        this.succeeded = succeeded;
    }

    public int getFailed() {
        return failed;
    }

    public void setFailed(int failed) {
        this.failed = failed;
    }

    public int getCancelled() {
        return cancelled;
    }

    public void setCancelled(int cancelled) {
        this.cancelled = cancelled;
    }
}
