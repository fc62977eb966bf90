package io.sparsesweep.cli.local;

import io.sparsesweep.core.plan.GridPoint;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.fitting.ScalingLaw;
import io.sparsesweep.protocol.TrialResult;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the trainer that "trains" in microseconds: the loss of a trial is a known law at
 * its grid point plus seeded noise, so a local sweep has a truth to recover. Trials listed in
 * {@code failing} throw; those in {@code failingOnce} throw on their first attempt only; those in
 * {@code badConfig} report bad configuration; those in {@code garbage} return text that is not a
 * result.
 */
public final class LawTrialExecutor implements TrialExecutor {
    public static final ScalingLaw TRUTH = new ScalingLaw(40, 1.1, 60, 0.35, 3000, 0.6, 0.9);

    public final AtomicInteger calls = new AtomicInteger();
    public final Set<String> failing = ConcurrentHashMap.newKeySet();
    public final Set<String> garbage = ConcurrentHashMap.newKeySet();
    public final Set<String> badConfig = ConcurrentHashMap.newKeySet();
    public final Set<String> failingOnce = ConcurrentHashMap.newKeySet();
    public final java.util.Map<String, AtomicInteger> callsOf = new ConcurrentHashMap<>();

    public static long nonzero(GridPoint p) {
        return Math.round(12.0 * p.width() * p.width() * p.depth() * (1 - p.sparsity()));
    }

    @Override
    public String run(Trial trial, int attemptNumber, TrialWorkspace workspace, Progress progress)
            throws BadConfiguration {
        calls.incrementAndGet();
        int attempt =
                callsOf.computeIfAbsent(trial.id(), k -> new AtomicInteger()).incrementAndGet();
        if (badConfig.contains(trial.id())) {
            throw new BadConfiguration("--width: simulated bad flag of " + trial.id(), null);
        }
        if (failingOnce.contains(trial.id()) && attempt == 1) {
            throw new IllegalStateException("simulated first-attempt failure of " + trial.id());
        }
        if (failing.contains(trial.id())) {
            throw new IllegalStateException("simulated failure of " + trial.id());
        }
        if (garbage.contains(trial.id())) {
            return "Traceback (most recent call last): ...";
        }
        GridPoint p = trial.point();
        long n = nonzero(p);
        long total = Math.round(12.0 * p.width() * p.width() * p.depth());
        double loss =
                TRUTH.predict(p.sparsity(), n, trial.args().examples())
                        * (1 + 0.003 * new Random(trial.id().hashCode()).nextGaussian());
        progress.onStep(p.steps(), p.steps(), loss);
        return TrialResult.echoing(trial.args())
                .valLoss(loss)
                .trainLoss(loss)
                .params(total, total, total, n)
                .wallSeconds(0.01)
                .build()
                .toJson();
    }
}
