package io.sparsesweep.fitting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How n:m runs compare with unstructured sparsity at the same S, N and D — the paper's question "is
 * 2:4 close to unstructured 50%?". Each n:m run is compared twice: against the fitted
 * (unstructured) law's prediction, and against its measured unstructured twin when the sweep has
 * one (same sparsity, non-zero count and data). Twins are the sharper test: they share the data
 * order and schedule, so the gap is the pattern's cost alone, not the law's misfit too.
 *
 * @param runs one row per n:m run, in input order
 * @param summary per pattern: mean gaps over its runs
 */
public record PatternComparison(List<Run> runs, List<Summary> summary) {

    /**
     * One n:m run.
     *
     * @param pattern e.g. {@code 2:4}
     * @param sparsity its S
     * @param nonzeroParams its N
     * @param data its D
     * @param loss measured
     * @param predicted the law's loss at the same S, N, D
     * @param gapVsLaw loss / predicted - 1 (positive: the pattern is worse)
     * @param twinLoss the unstructured twin's measured loss, or null without a twin
     * @param gapVsTwin loss / twinLoss - 1, or null without a twin
     */
    public record Run(
            String pattern,
            double sparsity,
            double nonzeroParams,
            double data,
            double loss,
            double predicted,
            double gapVsLaw,
            Double twinLoss,
            Double gapVsTwin) {}

    /**
     * One pattern's summary.
     *
     * @param pattern e.g. {@code 2:4}
     * @param runs how many runs it has
     * @param meanGapVsLaw the mean of {@link Run#gapVsLaw()}
     * @param twins how many runs had an unstructured twin
     * @param meanGapVsTwin the mean of {@link Run#gapVsTwin()} over those, or null without twins
     */
    public record Summary(
            String pattern, int runs, double meanGapVsLaw, int twins, Double meanGapVsTwin) {}

    /** The comparison, or null when {@code data} has no n:m runs. */
    public static PatternComparison of(ScalingLaw law, SweepData data) {
        if (data.structured().isEmpty()) {
            return null;
        }
        List<Run> runs = new ArrayList<>();
        for (StructuredRun s : data.structured()) {
            Observation o = s.point();
            double predicted = law.predict(o);
            Double twin = twinLoss(o, data.points());
            runs.add(
                    new Run(
                            s.pattern(),
                            o.sparsity(),
                            o.nonzeroParams(),
                            o.data(),
                            o.loss(),
                            predicted,
                            o.loss() / predicted - 1,
                            twin,
                            twin == null ? null : o.loss() / twin - 1));
        }
        Map<String, List<Run>> byPattern = new LinkedHashMap<>();
        for (Run r : runs) {
            byPattern.computeIfAbsent(r.pattern(), k -> new ArrayList<>()).add(r);
        }
        List<Summary> summary = new ArrayList<>();
        for (Map.Entry<String, List<Run>> e : byPattern.entrySet()) {
            List<Run> rs = e.getValue();
            double lawGap = rs.stream().mapToDouble(Run::gapVsLaw).average().orElseThrow();
            List<Run> twinned = rs.stream().filter(r -> r.gapVsTwin() != null).toList();
            Double twinGap =
                    twinned.isEmpty()
                            ? null
                            : twinned.stream().mapToDouble(Run::gapVsTwin).average().orElseThrow();
            summary.add(new Summary(e.getKey(), rs.size(), lawGap, twinned.size(), twinGap));
        }
        return new PatternComparison(List.copyOf(runs), List.copyOf(summary));
    }

    /** The mean loss of unstructured runs at the same S, N and D, or null if there are none. */
    private static Double twinLoss(Observation o, List<Observation> unstructured) {
        double sum = 0;
        int count = 0;
        for (Observation u : unstructured) {
            if (same(u.sparsity(), o.sparsity())
                    && same(u.nonzeroParams(), o.nonzeroParams())
                    && same(u.data(), o.data())) {
                sum += u.loss();
                count++;
            }
        }
        return count == 0 ? null : sum / count;
    }

    private static boolean same(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    }
}
