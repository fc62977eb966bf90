package io.sparsesweep.core.plan;

import io.sparsesweep.crd.TrialState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, from what is known about each trial, which attempts to launch, which to stop and the new
 * trial states. Pure, so the operator and the local runner make the same decisions and tests need
 * no cluster.
 *
 * <p>Rules: terminal states never change. A failed attempt is retried (next attempt number) while
 * attempts remain; bad-configuration failures are not retried. A succeeded attempt without a valid
 * result is {@code ResultUnavailable}, terminal and counted as failed. Once more than {@code
 * maxFailedTrials} trials have failed, every running trial is stopped and nothing new starts. Never
 * more than {@code parallelism} trials run; retries go before new trials; nothing starts while
 * suspended.
 */
public final class SweepScheduler {
    private SweepScheduler() {}

    /** One decision for the given trials (in plan order) and their progress (by id). */
    public static Schedule schedule(
            List<Trial> trials, Map<String, TrialProgress> progress, SchedulingPolicy policy) {
        Map<String, TrialState> states = new LinkedHashMap<>();
        List<Schedule.Launch> relaunches = new ArrayList<>();
        List<Schedule.Launch> candidates = new ArrayList<>();
        List<Schedule.Launch> fresh = new ArrayList<>();

        for (Trial trial : trials) {
            TrialProgress p =
                    progress.getOrDefault(trial.id(), TrialProgress.notStarted(trial.id()));
            TrialState state;
            if (p.recorded() != null && p.recorded().terminal()) {
                state = p.recorded();
            } else if (p.attempts() == 0) {
                state = TrialState.Pending;
                fresh.add(new Schedule.Launch(trial, 1));
            } else {
                state =
                        switch (p.latest()) {
                            case ACTIVE -> TrialState.Running;
                            case MISSING -> {
                                relaunches.add(new Schedule.Launch(trial, p.attempts()));
                                yield TrialState.Running;
                            }
                            case SUCCEEDED -> TrialState.Succeeded;
                            case RESULT_UNAVAILABLE -> TrialState.ResultUnavailable;
                            case FAILED_PERMANENT -> TrialState.Failed;
                            case FAILED_RETRYABLE -> {
                                if (p.attempts() < policy.maxAttempts()) {
                                    candidates.add(new Schedule.Launch(trial, p.attempts() + 1));
                                    yield TrialState.Pending;
                                }
                                yield TrialState.Failed;
                            }
                        };
            }
            states.put(trial.id(), state);
        }

        long failed = states.values().stream().filter(TrialState::countsAsFailed).count();
        if (failed > policy.maxFailedTrials()) {
            List<String> stops = new ArrayList<>();
            states.replaceAll(
                    (id, s) -> {
                        if (s == TrialState.Running) {
                            stops.add(id);
                        }
                        return s.terminal() ? s : TrialState.Cancelled;
                    });
            return new Schedule(states, List.of(), stops, Schedule.Verdict.TOO_MANY_FAILURES);
        }

        List<Schedule.Launch> launches = new ArrayList<>();
        if (policy.suspended()) {
            // A running trial whose Job vanished waits, like every other launch, for resume.
            for (Schedule.Launch l : relaunches) {
                states.put(l.trial().id(), TrialState.Pending);
            }
        } else {
            launches.addAll(relaunches);
            long running = states.values().stream().filter(s -> s == TrialState.Running).count();
            long slots = policy.parallelism() - running;
            candidates.addAll(fresh);
            for (Schedule.Launch l : candidates) {
                if (slots <= 0) {
                    break;
                }
                launches.add(l);
                states.put(l.trial().id(), TrialState.Running);
                slots--;
            }
        }
        boolean allTerminal = states.values().stream().allMatch(TrialState::terminal);
        return new Schedule(
                states,
                launches,
                List.of(),
                allTerminal ? Schedule.Verdict.TRIALS_DONE : Schedule.Verdict.RUNNING);
    }
}
