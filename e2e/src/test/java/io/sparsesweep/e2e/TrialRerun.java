package io.sparsesweep.e2e;

import io.sparsesweep.protocol.SparsityPattern;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of a cluster sweep's trials RealNodeIT trains again on this machine, and with which flags:
 * a fixed rule, so a run cannot pick the trials that happen to agree. The pure part of the
 * cluster-vs-local comparison (the test does the I/O).
 *
 * <p>The rule: one trial per kind of training — dense (target sparsity 0), unstructured pruning,
 * n:m pruning — and within a kind the cheapest: fewest steps, then the smallest width, then the
 * highest target sparsity (the most pruning), then the trial id. The quickstart gives three trials
 * of its smallest model at its fewest steps, two of them pruned.
 */
final class TrialRerun {
    private TrialRerun() {}

    /** A trial pod's command and trainer flags as the operator's Job gave them. */
    record Ran(String trialId, List<String> command, List<String> args) {
        TrainerArgs trainerArgs() {
            return TrainerArgs.parse(args);
        }
    }

    /** The trials to train again, dense first, then unstructured, then n:m (kinds present only). */
    static List<Ran> pick(List<Ran> ran) {
        Map<String, Ran> byKind = new LinkedHashMap<>();
        byKind.put("dense", null);
        byKind.put("unstructured", null);
        byKind.put("n:m", null);
        Comparator<Ran> cheapest =
                Comparator.<Ran>comparingLong(r -> r.trainerArgs().longValue(TrainerFlag.STEPS))
                        .thenComparingInt(r -> r.trainerArgs().effectiveWidth())
                        .thenComparing(
                                r -> r.trainerArgs().targetSparsity(), Comparator.reverseOrder())
                        .thenComparing(Ran::trialId);
        for (Ran r : ran) {
            String kind = kind(r.trainerArgs());
            Ran best = byKind.get(kind);
            if (best == null || cheapest.compare(r, best) < 0) {
                byKind.put(kind, r);
            }
        }
        return byKind.values().stream().filter(r -> r != null).toList();
    }

    /** dense, unstructured or n:m. */
    static String kind(TrainerArgs args) {
        if (args.targetSparsity() == 0) {
            return "dense";
        }
        return args.pattern() instanceof SparsityPattern.Unstructured ? "unstructured" : "n:m";
    }

    /**
     * The pod's flags with only where the trainer writes changed: {@code --checkpoint-dir} and
     * {@code --result} point into {@code checkpointDir} and {@code resultFile} here instead of the
     * pod's volume and termination-message file. Every training flag (the seed and {@code
     * --threads} included) is passed as the pod had it.
     */
    static List<String> localArgs(List<String> args, String checkpointDir, String resultFile) {
        List<String> out = new ArrayList<>(args);
        replaceValue(out, "--checkpoint-dir", checkpointDir);
        replaceValue(out, "--result", resultFile);
        return List.copyOf(out);
    }

    private static void replaceValue(List<String> args, String flag, String value) {
        int i = args.indexOf(flag);
        if (i < 0 || i + 1 >= args.size()) {
            throw new IllegalArgumentException(
                    "the trial's args have no " + flag + " <value>: " + args);
        }
        args.set(i + 1, value);
    }
}
