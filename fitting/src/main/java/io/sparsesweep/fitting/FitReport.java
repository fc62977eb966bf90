package io.sparsesweep.fitting;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;

/**
 * Everything a fit produced, ready to print or to serialise as one JSON object. The law is in the
 * units of the input.
 *
 * @param source where the points came from
 * @param law coefficients by name: aS, bS, cS, bN, aD, bD, c
 * @param objective the Huber objective at the law
 * @param points how many points were fitted
 * @param starts multi-start count
 * @param startsNearBest starts within 1% of the best objective
 * @param startsConverged starts that met the convergence test
 * @param residualSpace "linear" or "log"
 * @param huberDelta the Huber threshold
 * @param seed the seed of starts and resamples
 * @param fitSeconds wall time of the main multi-start fit
 * @param quality how well the law fits its own points
 * @param derived multipliers and optimal sparsities
 * @param diagnostics which coefficients the data determine
 * @param intervals bootstrap intervals, or null
 * @param holdout the hold-out check, or null
 * @param crossValidation leave-one-size-out cross-validation, or null
 * @param seedNoise run-to-run noise from repeated configurations, or null without repeats
 * @param patterns n:m runs against the law and their unstructured twins, or null without n:m runs
 * @param sparsityMismatches runs whose achieved sparsity missed the target by more than half a
 *     point (fitted at the achieved value), or null when none did or the input does not say
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FitReport(
        String source,
        Map<String, Double> law,
        double objective,
        int points,
        int starts,
        int startsNearBest,
        int startsConverged,
        String residualSpace,
        double huberDelta,
        long seed,
        double fitSeconds,
        Quality quality,
        DerivedQuantities derived,
        FitDiagnostics diagnostics,
        BootstrapIntervals intervals,
        HoldoutCheck holdout,
        CrossValidation crossValidation,
        SeedNoise seedNoise,
        PatternComparison patterns,
        List<SweepFacts.SparsityMismatch> sparsityMismatches) {

    /**
     * In-sample fit quality.
     *
     * @param rmse root mean square of predicted - measured
     * @param meanAbsRelError mean of |predicted/measured - 1|
     * @param maxAbsRelError its maximum
     */
    public record Quality(double rmse, double meanAbsRelError, double maxAbsRelError) {
        static Quality of(ScalingLaw law, SweepData data) {
            double sq = 0;
            double sumAbs = 0;
            double maxAbs = 0;
            for (Observation o : data.points()) {
                double p = law.predict(o);
                double rel = Math.abs(p / o.loss() - 1);
                sq += (p - o.loss()) * (p - o.loss());
                sumAbs += rel;
                maxAbs = Math.max(maxAbs, rel);
            }
            int n = data.size();
            return new Quality(Math.sqrt(sq / n), sumAbs / n, maxAbs);
        }
    }

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** The fitted law as a value. */
    public ScalingLaw scalingLaw() {
        return new ScalingLaw(
                law.get("aS"),
                law.get("bS"),
                law.get("cS"),
                law.get("bN"),
                law.get("aD"),
                law.get("bD"),
                law.get("c"));
    }

    /** One line of JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the fit report", e);
        }
    }
}
