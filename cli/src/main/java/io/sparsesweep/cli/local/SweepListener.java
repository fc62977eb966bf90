package io.sparsesweep.cli.local;

import io.sparsesweep.core.plan.Trial;

/** What a local sweep reports while it runs; every method has a no-op default. */
public interface SweepListener {
    SweepListener NO_OP = new SweepListener() {};

    /** Once, before any training: how many trials there are and how many already finished. */
    default void onPlan(int total, int alreadyDone) {}

    default void onTrialStart(Trial trial) {}

    default void onTrialStep(Trial trial, long step, long totalSteps, double loss) {}

    default void onTrialDone(Trial trial, double valLoss, double wallSeconds) {}

    default void onTrialFailed(Trial trial, String error) {}
}
