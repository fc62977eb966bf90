package io.sparsesweep.operator.policy;

import io.sparsesweep.core.plan.AttemptOutcome;
import io.sparsesweep.core.plan.PhaseDecision;
import io.sparsesweep.core.plan.Schedule;
import io.sparsesweep.core.plan.SchedulingPolicy;
import io.sparsesweep.core.plan.SweepScheduler;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.core.plan.TrialProgress;
import io.sparsesweep.crd.SweepLimits;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.operator.observe.ObservedTrial;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pass decides once the API server refused a trial Job for good (invalid, or forbidden by
 * policy). Every trial Job of a sweep shares the refused pod template, so the sweep cannot run: it
 * fails now, with the API server's message, instead of creating the same Job forever. Each refused
 * trial fails for good and every running trial is stopped. Pure.
 */
public final class RejectedLaunches {
    private RejectedLaunches() {}

    /**
     * A launch the API server refused for good.
     *
     * @param launch the scheduled launch
     * @param job the refused Job's name
     * @param code the HTTP status
     * @param message the API server's message (already capped)
     */
    public record Refusal(Schedule.Launch launch, String job, int code, String message) {}

    /**
     * The pass after the refusals.
     *
     * @param observed the trials as observed, the refused ones failed with the refusal's message
     * @param schedule the schedule that stops every running trial
     * @param decision the sweep's phase: Failed, reason {@code TrialJobRejected}
     */
    public record Failed(
            Map<String, ObservedTrial> observed, Schedule schedule, PhaseDecision decision) {}

    /** Fails the sweep for the refusals (at least one) of this pass. */
    public static Failed fail(
            List<Trial> planned, Map<String, ObservedTrial> observed, List<Refusal> refusals) {
        Map<String, ObservedTrial> now = new LinkedHashMap<>(observed);
        for (Refusal r : refusals) {
            String id = r.launch().trial().id();
            TrialProgress failed =
                    new TrialProgress(
                            id,
                            TrialState.Running,
                            r.launch().attempt(),
                            AttemptOutcome.FAILED_PERMANENT);
            now.put(
                    id,
                    new ObservedTrial(
                            failed, r.job(), false, null, "JobRejected: " + r.message(), null));
        }
        Schedule stopAll =
                SweepScheduler.schedule(
                        planned,
                        ObservedTrial.progress(now),
                        new SchedulingPolicy(0, true, 1, 0)); // stops every running trial
        Refusal first = refusals.get(0);
        PhaseDecision decision =
                new PhaseDecision(
                        SweepPhase.Failed,
                        "TrialJobRejected",
                        SweepLimits.capMessage(
                                "the API server refused trial Job "
                                        + first.job()
                                        + " ("
                                        + first.code()
                                        + "): "
                                        + first.message()));
        return new Failed(now, stopAll, decision);
    }
}
