package io.sparsesweep.fitting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configurations of a sweep — runs with the same S, N and D — and the runs of each: a sweep
 * with {@code grid.seeds} repeats every configuration once per seed (a trial's seed changes both
 * its initialisation and its data order), so the spread within a configuration measures the
 * run-to-run noise the law cannot explain.
 *
 * <p>Configurations are in order of first appearance, and their runs in input order, so a sweep
 * without repeats has one configuration per point in point order.
 */
final class Repeats {
    private final SweepData data;
    private final List<int[]> groups;

    private Repeats(SweepData data, List<int[]> groups) {
        this.data = data;
        this.groups = groups;
    }

    static Repeats of(SweepData data) {
        Map<List<Double>, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            Observation o = data.get(i);
            byKey.computeIfAbsent(
                            List.of(o.sparsity(), o.nonzeroParams(), o.data()),
                            k -> new ArrayList<>())
                    .add(i);
        }
        List<int[]> groups = new ArrayList<>();
        for (List<Integer> g : byKey.values()) {
            groups.add(g.stream().mapToInt(Integer::intValue).toArray());
        }
        return new Repeats(data, groups);
    }

    /** How many configurations. */
    int size() {
        return groups.size();
    }

    /** The point indices of configuration {@code g}. */
    int[] runs(int g) {
        return groups.get(g);
    }

    /** Configuration {@code g} as one observation: its S, N, D and the mean loss of its runs. */
    Observation mean(int g) {
        int[] idx = groups.get(g);
        double sum = 0;
        for (int i : idx) {
            sum += data.get(i).loss();
        }
        Observation first = data.get(idx[0]);
        return new Observation(
                first.sparsity(), first.nonzeroParams(), first.data(), sum / idx.length);
    }

    /** The sample standard deviation of configuration {@code g}'s losses (NaN for one run). */
    double std(int g) {
        int[] idx = groups.get(g);
        if (idx.length < 2) {
            return Double.NaN;
        }
        double mean = mean(g).loss();
        double ss = 0;
        for (int i : idx) {
            double d = data.get(i).loss() - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / (idx.length - 1));
    }

    /** Whether some configuration has more than one run. */
    boolean any() {
        return groups.size() < data.size();
    }
}
