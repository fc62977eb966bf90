package io.sparsesweep.core.plan;

import io.sparsesweep.crd.GridSpec;
import io.sparsesweep.crd.ModelSize;
import io.sparsesweep.crd.Patterns;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.crd.TrainingSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Expands a sweep spec into its trials. Pure: the same spec gives the same trials, in the same
 * order, with the same ids, whatever the order of its lists.
 *
 * <p>Grid rule: for every model size, steps value and seed, there is one trial per sparsity with
 * pattern {@code unstructured} (when that pattern is listed), one trial per {@code n:m} pattern at
 * sparsity 1 - n/m, and sparsity 0 is a single dense trial (pattern {@code unstructured}) whatever
 * the patterns. Duplicate points collapse into one trial.
 *
 * <p>Trials are ordered cheapest first (parameters x steps), then by id, so a sweep produces small
 * results early.
 */
public final class SweepPlanner {
    private SweepPlanner() {}

    /** The sweep's trials; the spec must have passed {@code SpecValidator}. */
    public static List<Trial> plan(SparseSweepSpec spec) {
        GridSpec grid = spec.getGrid();
        List<Integer> seeds =
                grid.getSeeds() == null || grid.getSeeds().isEmpty() ? List.of(0) : grid.getSeeds();
        List<String> patterns =
                grid.getPatterns() == null || grid.getPatterns().isEmpty()
                        ? List.of(Patterns.UNSTRUCTURED)
                        : grid.getPatterns();
        List<Double> sparsities = grid.getSparsities() == null ? List.of() : grid.getSparsities();

        Map<String, Trial> byId = new LinkedHashMap<>();
        for (ModelSize size : spec.getModel().getSizes()) {
            for (long steps : grid.getSteps()) {
                for (int seed : seeds) {
                    for (double sparsity : sparsities) {
                        if (sparsity == 0.0) {
                            add(
                                    byId,
                                    spec,
                                    GridPoint.of(size, 0.0, Patterns.UNSTRUCTURED, steps, seed));
                        } else if (patterns.contains(Patterns.UNSTRUCTURED)) {
                            add(
                                    byId,
                                    spec,
                                    GridPoint.of(
                                            size, sparsity, Patterns.UNSTRUCTURED, steps, seed));
                        }
                    }
                    for (String pattern : patterns) {
                        Optional<Patterns.NM> nm = Patterns.parseNm(pattern);
                        if (nm.isPresent()) {
                            add(
                                    byId,
                                    spec,
                                    GridPoint.of(
                                            size,
                                            nm.get().sparsity(),
                                            nm.get().toString(),
                                            steps,
                                            seed));
                        }
                    }
                }
            }
        }
        List<Trial> trials = new ArrayList<>(byId.values());
        trials.sort(
                Comparator.comparingDouble((Trial t) -> cost(t.point())).thenComparing(Trial::id));
        return List.copyOf(trials);
    }

    /** Number of trials the spec expands to (by planning them: their arguments are built too). */
    public static int count(SparseSweepSpec spec) {
        return plan(spec).size();
    }

    private static void add(Map<String, Trial> byId, SparseSweepSpec spec, GridPoint point) {
        String id = point.id();
        byId.putIfAbsent(id, new Trial(id, point, TrainArgs.of(spec, point)));
    }

    private static double cost(GridPoint p) {
        // Parameters of a transformer scale as depth * width^2; the factor does not matter here.
        return (double) p.depth() * p.width() * p.width() * p.steps();
    }

    /**
     * Builds the trainer's flags; the flag names are the contract with {@code ./sparsesweep train}.
     */
    static final class TrainArgs {
        private TrainArgs() {}

        static List<String> of(SparseSweepSpec spec, GridPoint p) {
            List<String> a = new ArrayList<>();
            TrainingSpec t = spec.effectiveTraining();
            add(a, "--task", spec.getTask().flag());
            add(a, "--dataset", spec.getDataset());
            add(a, "--width", p.width());
            add(a, "--depth", p.depth());
            add(a, "--heads", p.heads());
            add(a, "--mlp-ratio", p.mlpRatio());
            add(a, "--steps", p.steps());
            add(a, "--sparsity", GridPoint.formatSparsity(p.sparsity()));
            add(a, "--pattern", p.pattern());
            add(a, "--seed", p.seed());
            add(a, "--scale", t.getScale());
            add(a, "--batch-size", t.getBatchSize());
            add(a, "--seq-len", t.getSeqLen());
            add(a, "--patch-size", t.getPatchSize());
            add(a, "--optimizer", t.getOptimizer() == null ? null : t.getOptimizer().flag());
            add(a, "--lr", t.getLearningRate());
            add(a, "--warmup-steps", t.getWarmupSteps());
            add(a, "--weight-decay", t.getWeightDecay());
            add(a, "--prune-start", t.getPruneStart());
            add(a, "--prune-end", t.getPruneEnd());
            add(a, "--prune-every", t.getPruneEvery());
            if (Boolean.TRUE.equals(t.getPruneEmbeddings())) {
                a.add("--prune-embeddings");
            }
            if (Boolean.TRUE.equals(t.getStripPosTags())) {
                a.add("--strip-pos-tags");
            }
            add(a, "--val-size", t.getValSize());
            add(a, "--threads", t.getThreads());
            add(a, "--checkpoint-every", t.getCheckpointEvery());
            return a;
        }

        private static void add(List<String> args, String flag, Object value) {
            if (value != null) {
                args.add(flag);
                args.add(value instanceof Double d ? plain(d) : value.toString());
            }
        }

        private static String plain(double d) {
            return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
    }
}
