package io.sparsesweep.fitting;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a fitted law says beyond its coefficients (paper §2): the dense-equivalent multiplier of
 * each sparsity, its limit as S tends to 1, and the optimal sparsity for given (N, C) budgets.
 *
 * @param multipliers the multiplier at each requested sparsity
 * @param limitMultiplier the multiplier's limit as S tends to 1
 * @param costAccounting the name of the cost accounting used for the optimal sparsities
 * @param budgetUnit the unit of the budgets C
 * @param optimalSparsity one solution per requested (N, C)
 */
public record DerivedQuantities(
        List<MultiplierAt> multipliers,
        double limitMultiplier,
        String costAccounting,
        String budgetUnit,
        List<OptimalSparsity> optimalSparsity) {

    /**
     * The dense-equivalent multiplier at one sparsity.
     *
     * @param sparsity S
     * @param multiplier N_dense / N at equal loss and data
     */
    public record MultiplierAt(double sparsity, double multiplier) {}

    static DerivedQuantities of(
            ScalingLaw law, List<Double> sparsities, FitOptions options, TrainingCost cost) {
        List<MultiplierAt> m =
                sparsities.stream().map(s -> new MultiplierAt(s, law.multiplier(s))).toList();
        List<OptimalSparsity> opt =
                options.optimalSparsity().stream()
                        .map(b -> OptimalSparsity.solve(law, b.nonzeroParams(), b.budget(), cost))
                        .toList();
        return new DerivedQuantities(m, law.limitMultiplier(), cost.name(), cost.unit(), opt);
    }

    /** Coefficients each derived quantity depends on (c cancels from the optimal sparsity). */
    static final Map<String, List<String>> DEPENDS_ON =
            Map.of(
                    "multipliers", List.of("aS", "bS", "cS", "bN"),
                    "limitMultiplier", List.of("aS", "cS", "bN"),
                    "optimalSparsity", List.of("aS", "bS", "cS", "bN", "aD", "bD"));

    /**
     * For each derived quantity, the coefficients of {@code notIdentified} it depends on; null when
     * none does (so the JSON leaves it out).
     */
    static Map<String, List<String>> affectedBy(List<String> notIdentified) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : DEPENDS_ON.entrySet()) {
            List<String> hit = e.getValue().stream().filter(notIdentified::contains).toList();
            if (!hit.isEmpty()) {
                out.put(e.getKey(), hit);
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** The sparsities to report multipliers at: those asked for, else the data's non-zero ones. */
    static List<Double> sparsitiesFor(SweepData data, FitOptions options) {
        if (options.multiplierSparsities() != null) {
            for (double s : options.multiplierSparsities()) {
                if (!(s >= 0 && s < 1)) {
                    throw new FitInputException(
                            "--multiplier-at: sparsity " + s + " is not in [0, 1)");
                }
            }
            return options.multiplierSparsities();
        }
        TreeSet<Double> set = new TreeSet<>();
        for (Observation o : data.points()) {
            if (o.sparsity() > 0) {
                set.add(o.sparsity());
            }
        }
        return List.copyOf(set);
    }
}
