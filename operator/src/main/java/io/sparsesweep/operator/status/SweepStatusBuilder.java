package io.sparsesweep.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.sparsesweep.core.plan.GridPoint;
import io.sparsesweep.core.plan.PhaseDecision;
import io.sparsesweep.core.plan.Schedule;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.core.result.ResultsCsvWriter;
import io.sparsesweep.crd.FitJobStatus;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialCounts;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.operator.observe.ObservedTrial;
import io.sparsesweep.protocol.TrialResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the next status from the previous one, the observation and the decision. Pure; the clock
 * reading is passed in.
 */
public final class SweepStatusBuilder {
    private SweepStatusBuilder() {}

    /** The trial entries after this reconcile, in plan order. */
    public static List<TrialStatus> trials(
            SparseSweep sweep,
            List<Trial> trials,
            Map<String, ObservedTrial> observed,
            Schedule schedule,
            String now) {
        Map<String, TrialStatus> previous = new HashMap<>();
        if (sweep.getStatus() != null && sweep.getStatus().getTrials() != null) {
            sweep.getStatus().getTrials().forEach(t -> previous.put(t.getId(), t));
        }
        Map<String, Integer> launched = new HashMap<>();
        schedule.launches().forEach(l -> launched.put(l.trial().id(), l.attempt()));
        String sweepName = sweep.getMetadata().getName();
        List<TrialStatus> out = new ArrayList<>();
        for (Trial trial : trials) {
            TrialStatus before = previous.get(trial.id());
            ObservedTrial seen = observed.get(trial.id());
            TrialState state = schedule.states().get(trial.id());
            GridPoint p = trial.point();
            TrialStatus t = new TrialStatus();
            t.setId(trial.id());
            t.setSize(p.sizeName());
            t.setSparsity(p.sparsity());
            t.setPattern(p.pattern());
            t.setSteps(p.steps());
            t.setSeed(p.seed());
            t.setState(state);
            int attempts = seen == null ? 0 : seen.progress().attempts();
            String job = seen == null ? null : seen.job();
            if (launched.containsKey(trial.id())) {
                attempts = Math.max(attempts, launched.get(trial.id()));
                job = SweepNames.trialJobName(sweepName, trial.id(), launched.get(trial.id()));
            }
            t.setAttempts(attempts == 0 ? null : attempts);
            t.setJob(job != null ? job : before == null ? null : before.getJob());
            if (before != null && before.getState() != null && before.getState().terminal()) {
                copyOutcome(before, t);
            } else {
                TrialResult r = seen == null ? null : seen.result();
                if (r != null && state == TrialState.Succeeded) {
                    t.setValLoss(r.valLoss());
                    t.setNonzeroParams(r.nonzeroParams());
                    t.setExamples(r.examples());
                    t.setAchievedSparsity(r.achievedSparsity());
                    // NaN: the trainer did not count them (an optional result field).
                    if (!Double.isNaN(r.trainFlopsPerExample())) {
                        t.setTrainFlopsPerExample(r.trainFlopsPerExample());
                        t.setBlockFlopsPerExample(r.blockFlopsPerExample());
                    }
                }
                t.setMessage(seen == null ? null : seen.message());
                if (state == TrialState.Cancelled) {
                    t.setMessage("stopped: the sweep failed");
                }
                if (state.terminal()) {
                    t.setFinishedAt(now);
                }
            }
            out.add(t);
        }
        return out;
    }

    private static void copyOutcome(TrialStatus from, TrialStatus to) {
        to.setState(from.getState());
        to.setValLoss(from.getValLoss());
        to.setNonzeroParams(from.getNonzeroParams());
        to.setExamples(from.getExamples());
        to.setAchievedSparsity(from.getAchievedSparsity());
        to.setTrainFlopsPerExample(from.getTrainFlopsPerExample());
        to.setBlockFlopsPerExample(from.getBlockFlopsPerExample());
        to.setMessage(from.getMessage());
        to.setFinishedAt(from.getFinishedAt());
    }

    /** Counts by state. */
    public static TrialCounts counts(List<TrialStatus> trials) {
        TrialCounts c = new TrialCounts();
        c.setTotal(trials.size());
        for (TrialStatus t : trials) {
            switch (t.getState()) {
                case Pending -> c.setPending(c.getPending() + 1);
                case Running -> c.setRunning(c.getRunning() + 1);
                case Succeeded -> c.setSucceeded(c.getSucceeded() + 1);
                case Failed, ResultUnavailable -> c.setFailed(c.getFailed() + 1);
                case Cancelled -> c.setCancelled(c.getCancelled() + 1);
            }
        }
        return c;
    }

    /** The results CSV of every succeeded trial, in plan order. */
    public static String resultsCsv(List<TrialStatus> trials, ResultsCsvWriter.Window window) {
        List<ResultsCsvWriter.Row> rows = new ArrayList<>();
        for (TrialStatus t : trials) {
            if (t.getState() == TrialState.Succeeded && t.getValLoss() != null) {
                rows.add(
                        new ResultsCsvWriter.Row(
                                t.getId(),
                                t.getSparsity(),
                                t.getAchievedSparsity(),
                                t.getPattern(),
                                t.getSeed() == null ? 0 : t.getSeed(),
                                t.getNonzeroParams() == null ? 0 : t.getNonzeroParams(),
                                t.getExamples() == null ? 0 : t.getExamples(),
                                t.getValLoss(),
                                t.getSteps(),
                                t.getTrainFlopsPerExample(),
                                t.getBlockFlopsPerExample()));
            }
        }
        return ResultsCsvWriter.write(rows, window);
    }

    /**
     * The whole next status.
     *
     * @param sweep the sweep as read (its status is the previous one)
     * @param trials trial entries from {@link #trials}
     * @param decision the phase
     * @param suspended spec.suspend
     * @param fitJob the fitting Job's status, or null
     * @param fit the fit (recorded before, or read from the fitting Job's output), or null
     * @param now the current time (RFC 3339)
     */
    public static SparseSweepStatus build(
            SparseSweep sweep,
            List<TrialStatus> trials,
            PhaseDecision decision,
            boolean suspended,
            FitJobStatus fitJob,
            FitStatus fit,
            String now) {
        SparseSweepStatus prev =
                sweep.getStatus() == null ? new SparseSweepStatus() : sweep.getStatus();
        Long gen = sweep.getMetadata().getGeneration();
        SparseSweepStatus s = new SparseSweepStatus();
        s.setObservedGeneration(gen);
        s.setPhase(decision.phase());
        s.setTrials(trials);
        TrialCounts counts = counts(trials);
        s.setTrialCounts(counts);
        s.setProgress(
                (counts.getSucceeded() + counts.getFailed() + counts.getCancelled())
                        + "/"
                        + counts.getTotal());
        s.setBestValLoss(
                trials.stream()
                        .filter(t -> t.getValLoss() != null)
                        .map(TrialStatus::getValLoss)
                        .min(Double::compare)
                        .orElse(null));
        boolean started = trials.stream().anyMatch(t -> t.getAttempts() != null);
        s.setStartTime(prev.getStartTime() != null ? prev.getStartTime() : started ? now : null);
        s.setCompletionTime(
                prev.getCompletionTime() != null
                        ? prev.getCompletionTime()
                        : decision.phase().terminal() ? now : null);
        s.setResultsConfigMap(SweepNames.resultsConfigMapName(sweep.getMetadata().getName()));
        s.setFitJob(fitJob);
        s.setFit(fit);
        var c = prev.getConditions();
        c = Conditions.set(c, Conditions.READY, true, "SpecValid", "the spec is valid", gen, now);
        boolean progressing =
                decision.phase() == SweepPhase.Running || decision.phase() == SweepPhase.Fitting;
        c =
                Conditions.set(
                        c,
                        Conditions.PROGRESSING,
                        progressing,
                        decision.reason(),
                        decision.message(),
                        gen,
                        now);
        c =
                Conditions.set(
                        c,
                        Conditions.SUSPENDED,
                        suspended && !decision.phase().terminal(),
                        suspended ? "Suspended" : "NotSuspended",
                        suspended ? "spec.suspend is true" : "",
                        gen,
                        now);
        c = ending(c, Conditions.COMPLETE, SweepPhase.Complete, decision, gen, now);
        c = ending(c, Conditions.FAILED, SweepPhase.Failed, decision, gen, now);
        s.setConditions(c);
        return s;
    }

    /**
     * The Complete or Failed condition: True with the decision's reason and message when the sweep
     * ended in {@code phase}, else False with reason {@code Not<type>}.
     */
    private static List<Condition> ending(
            List<Condition> c,
            String type,
            SweepPhase phase,
            PhaseDecision decision,
            Long gen,
            String now) {
        boolean ended = decision.phase() == phase;
        return Conditions.set(
                c,
                type,
                ended,
                ended ? decision.reason() : "Not" + type,
                ended ? decision.message() : "",
                gen,
                now);
    }

    /**
     * Status of a sweep whose spec is invalid: Ready=False, reason InvalidSpec, naming the fields.
     */
    public static SparseSweepStatus invalid(SparseSweep sweep, List<String> errors, String now) {
        SparseSweepStatus prev =
                sweep.getStatus() == null ? new SparseSweepStatus() : sweep.getStatus();
        Long gen = sweep.getMetadata().getGeneration();
        SparseSweepStatus s = new SparseSweepStatus();
        s.setObservedGeneration(gen);
        s.setPhase(SweepPhase.Invalid);
        s.setTrials(prev.getTrials());
        s.setTrialCounts(prev.getTrialCounts());
        s.setProgress(prev.getProgress());
        s.setStartTime(prev.getStartTime());
        s.setFit(prev.getFit());
        String message = String.join("; ", errors);
        var c =
                Conditions.set(
                        prev.getConditions(),
                        Conditions.READY,
                        false,
                        "InvalidSpec",
                        message,
                        gen,
                        now);
        c = Conditions.set(c, Conditions.PROGRESSING, false, "InvalidSpec", message, gen, now);
        s.setConditions(c);
        return s;
    }

    /**
     * The decision a sweep whose recorded phase is terminal keeps for good, read back from the
     * condition that recorded it.
     */
    public static PhaseDecision kept(SparseSweepStatus previous) {
        var c =
                Conditions.get(
                        previous.getConditions(),
                        previous.getPhase() == SweepPhase.Complete
                                ? Conditions.COMPLETE
                                : Conditions.FAILED);
        return new PhaseDecision(
                previous.getPhase(),
                c == null ? previous.getPhase().name() : c.getReason(),
                c == null ? previous.getPhase().description() : c.getMessage());
    }
}
