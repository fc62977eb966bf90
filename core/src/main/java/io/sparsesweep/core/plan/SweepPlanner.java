package io.sparsesweep.core.plan;

import io.sparsesweep.crd.GridSpec;
import io.sparsesweep.crd.ModelSize;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.crd.TrainingSpec;
import io.sparsesweep.protocol.SparsityPattern;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
                        ? List.of(SparsityPattern.UNSTRUCTURED_TEXT)
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
                                    GridPoint.of(
                                            size,
                                            0.0,
                                            SparsityPattern.UNSTRUCTURED_TEXT,
                                            steps,
                                            seed));
                        } else if (patterns.contains(SparsityPattern.UNSTRUCTURED_TEXT)) {
                            add(
                                    byId,
                                    spec,
                                    GridPoint.of(
                                            size,
                                            sparsity,
                                            SparsityPattern.UNSTRUCTURED_TEXT,
                                            steps,
                                            seed));
                        }
                    }
                    for (String pattern : patterns) {
                        if (SparsityPattern.tryParse(pattern).orElse(null)
                                instanceof SparsityPattern.Nm nm) {
                            add(
                                    byId,
                                    spec,
                                    GridPoint.of(size, nm.sparsity(), nm.text(), steps, seed));
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

    /**
     * Number of trials the spec expands to, by multiplying the sizes of its axes (distinct values
     * only, as in {@link #plan}) without building a single trial: a schema-valid grid can expand to
     * 160,000 trials and a local manifest to billions, which {@link #plan} would build just to
     * count. Saturates at {@link Integer#MAX_VALUE}. The spec must have passed the per-field checks
     * (non-null lists).
     */
    public static int count(SparseSweepSpec spec) {
        GridSpec grid = spec.getGrid();
        List<String> patterns =
                grid.getPatterns() == null || grid.getPatterns().isEmpty()
                        ? List.of(SparsityPattern.UNSTRUCTURED_TEXT)
                        : grid.getPatterns();
        List<Double> sparsities = grid.getSparsities() == null ? List.of() : grid.getSparsities();
        boolean dense = sparsities.stream().anyMatch(s -> s == 0.0);
        long nonzero =
                patterns.contains(SparsityPattern.UNSTRUCTURED_TEXT)
                        ? sparsities.stream().filter(s -> s != 0.0).distinct().count()
                        : 0;
        long nm =
                patterns.stream()
                        .map(SparsityPattern::tryParse)
                        .flatMap(java.util.Optional::stream)
                        .filter(p -> p instanceof SparsityPattern.Nm)
                        .map(SparsityPattern::text)
                        .distinct()
                        .count();
        long perCell = (dense ? 1 : 0) + nonzero + nm;
        long sizes =
                spec.getModel().getSizes().stream()
                        .map(
                                z ->
                                        List.of(
                                                z.getWidth(),
                                                z.getDepth(),
                                                z.getHeads(),
                                                z.effectiveMlpRatio()))
                        .distinct()
                        .count();
        long steps = grid.getSteps().stream().distinct().count();
        long seeds =
                grid.getSeeds() == null || grid.getSeeds().isEmpty()
                        ? 1
                        : grid.getSeeds().stream().distinct().count();
        long total = perCell;
        for (long factor : new long[] {sizes, steps, seeds}) {
            if (factor != 0 && total > Integer.MAX_VALUE / factor) {
                return Integer.MAX_VALUE;
            }
            total *= factor;
        }
        return (int) total;
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
     * Builds the trainer's flags from the grid point and the sweep's training settings, through the
     * trial protocol ({@link TrainerArgs}); a setting the sweep leaves unset is not written, so the
     * trainer's default applies.
     */
    static final class TrainArgs {
        /** Warm-up share of a sweep's trials unless the manifest sets one. */
        static final double DEFAULT_WARMUP_FRACTION = 0.05;

        private TrainArgs() {}

        static List<String> of(SparseSweepSpec spec, GridPoint p) {
            TrainingSpec t = spec.effectiveTraining();
            return TrainerArgs.defaults()
                    .with(TrainerFlag.TASK, spec.getTask().flag())
                    .with(TrainerFlag.DATASET, spec.getDataset())
                    .with(TrainerFlag.WIDTH, p.width())
                    .with(TrainerFlag.DEPTH, p.depth())
                    .with(TrainerFlag.HEADS, p.heads())
                    .with(TrainerFlag.MLP_RATIO, p.mlpRatio())
                    .with(TrainerFlag.STEPS, p.steps())
                    .with(TrainerFlag.SPARSITY, p.sparsity())
                    .with(TrainerFlag.PATTERN, p.pattern())
                    .with(TrainerFlag.SEED, p.seed())
                    .with(TrainerFlag.SCALE, t.getScale())
                    .with(TrainerFlag.BATCH_SIZE, t.getBatchSize())
                    .with(TrainerFlag.SEQ_LEN, t.getSeqLen())
                    .with(TrainerFlag.PATCH_SIZE, t.getPatchSize())
                    .with(
                            TrainerFlag.OPTIMIZER,
                            t.getOptimizer() == null ? null : t.getOptimizer().flag())
                    .with(TrainerFlag.LR, learningRate(spec, p))
                    // A sweep's default schedule ends with each run and warms up over the same
                    // share of it, so training length and learning-rate schedule are not
                    // confounded (an rsqrt decay with a fixed warm-up leaves 0.71x the peak at 200
                    // steps but 0.35x at 800).
                    .with(
                            TrainerFlag.LR_SCHEDULE,
                            t.getLrSchedule() == null
                                    ? TrainingSpec.LrSchedule.COSINE.flag()
                                    : t.getLrSchedule().flag())
                    .with(TrainerFlag.WARMUP_STEPS, t.getWarmupSteps())
                    .with(
                            TrainerFlag.WARMUP_FRACTION,
                            t.getWarmupSteps() != null
                                    ? null
                                    : t.getWarmupFraction() == null
                                            ? DEFAULT_WARMUP_FRACTION
                                            : t.getWarmupFraction())
                    .with(TrainerFlag.WEIGHT_DECAY, t.getWeightDecay())
                    .with(TrainerFlag.PRUNE_START, t.getPruneStart())
                    .with(TrainerFlag.PRUNE_END, t.getPruneEnd())
                    .with(TrainerFlag.PRUNE_EVERY, t.getPruneEvery())
                    .with(TrainerFlag.PRUNE_EMBEDDINGS, Boolean.TRUE.equals(t.getPruneEmbeddings()))
                    .with(TrainerFlag.STRIP_POS_TAGS, Boolean.TRUE.equals(t.getStripPosTags()))
                    .with(TrainerFlag.VAL_SIZE, t.getValSize())
                    .with(TrainerFlag.THREADS, t.getThreads())
                    .with(TrainerFlag.CHECKPOINT_EVERY, t.getCheckpointEvery())
                    .with(TrainerFlag.ENGINE, t.getEngine() == null ? null : t.getEngine().flag())
                    .toArgs();
        }

        /** The size's own rate when it has one, else the sweep's. */
        private static Double learningRate(SparseSweepSpec spec, GridPoint p) {
            if (spec.getModel() != null && spec.getModel().getSizes() != null) {
                for (ModelSize s : spec.getModel().getSizes()) {
                    if (s.getName() != null
                            && s.getName().equals(p.sizeName())
                            && s.getLearningRate() != null) {
                        return s.getLearningRate();
                    }
                }
            }
            return spec.effectiveTraining().getLearningRate();
        }
    }
}
