package io.sparsesweep.crd;

/** The sweep's summary phase, derived from its trials and fit (shown as a printer column). */
public enum SweepPhase {
    /** Accepted, nothing launched yet. */
    Pending(false, "Accepted; no trial has been launched yet."),
    /** Trials are running or waiting for a slot. */
    Running(false, "Trials are running or waiting for a parallelism slot."),
    /** No new trials are launched because spec.suspend is true. */
    Suspended(false, "spec.suspend is true; running trials finish, no new ones start."),
    /** Every trial is terminal and the fitting Job is running. */
    Fitting(false, "Every trial is terminal; the fitting Job is running."),
    /** Trials done and the law fitted (or fitting disabled). */
    Complete(true, "Every trial is terminal and the law has been fitted."),
    /** Too many trials failed, too few succeeded to fit, or the fit failed. */
    Failed(true, "Too many failed trials, too few results to fit, or the fit failed."),
    /** The spec is invalid in a way admission could not catch; see the Ready condition. */
    Invalid(false, "The spec is invalid; the Ready condition names the field.");

    private final boolean terminal;
    private final String description;

    SweepPhase(boolean terminal, String description) {
        this.terminal = terminal;
        this.description = description;
    }

    /** Whether the phase is final. */
    public boolean terminal() {
        return terminal;
    }

    /** One sentence saying what the phase means. */
    public String description() {
        return description;
    }
}
