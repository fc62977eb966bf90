package io.sparsesweep.fitting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Decides which fitted coefficients the data determine ({@link FitDiagnostics}), from four pieces
 * of evidence:
 *
 * <ul>
 *   <li><b>bounds</b>: an amplitude whose term is a negligible share of every prediction (any
 *       smaller value fits as well), a sparsity exponent so large that {@code (1-S)^bS} vanishes at
 *       every pruned point (a step: any larger value fits as well), or an exponent at or below 0
 *       (outside the law's domain: the term's shape does not describe the data);
 *   <li><b>profile</b>: each coefficient is held a thousand times smaller and a thousand times
 *       larger while the other six are refitted (multi-start); if the fit is about as good on
 *       either side — by the likelihood-ratio test of a Gaussian fit at 95% — the data leave the
 *       coefficient open on that side (Raue et al. 2009, "structural and practical
 *       identifiability");
 *   <li><b>Jacobian</b>: the singular values of the residuals' Jacobian at the optimum; a
 *       coefficient that loads on a direction below the rank tolerance changes no prediction;
 *   <li><b>bootstrap</b>: an interval of zero width means no resample moved the coefficient.
 * </ul>
 *
 * The profile test measures the noise by the fit's own residuals, so a law that misfits the data
 * widens what counts as "about as good": on such data more coefficients come out not identified,
 * which is the honest answer.
 */
final class Identifiability {
    /** Relative singular value below which a direction counts as invisible to the data. */
    static final double RANK_TOLERANCE = 1e-8;

    /** How far a profile check moves a coefficient, as a factor either way. */
    static final double PROFILE_FACTOR = 1e3;

    /** 95% point of chi-squared with one degree of freedom. */
    static final double CHI2_95 = 3.841458820694124;

    /** A term below this share of every prediction is negligible. */
    static final double NEGLIGIBLE = 1e-4;

    /** A coefficient whose weight in a null direction exceeds this is in that direction. */
    private static final double NULL_LOADING = 0.3;

    /** Fresh starts per profile refit, besides two warm ones. */
    private static final int PROFILE_STARTS = 2;

    private static final boolean[] AMPLITUDE = {true, false, true, false, true, false, true};

    private Identifiability() {}

    static FitDiagnostics assess(
            SweepData data, FitResult fit, BootstrapIntervals intervals, FitOptions options) {
        ScalingLaw law = fit.law();
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        List<FitDiagnostics.Bound> bounds = bounds(data, law, reasons);
        Normalization norm = Normalization.of(data);
        double[] optimum = norm.toSolver(law);

        SingularValueDecomposition svd = jacobian(data, norm, optimum, options);
        double[] sv = svd.getSingularValues();
        int rank = 0;
        for (double s : sv) {
            rank += s > sv[0] * RANK_TOLERANCE ? 1 : 0;
        }
        RealMatrix v = svd.getV();
        for (int i = rank; i < sv.length; i++) {
            for (int j = 0; j < ScalingLaw.NAMES.length; j++) {
                if (Math.abs(v.getEntry(j, i)) >= NULL_LOADING) {
                    add(
                            reasons,
                            ScalingLaw.NAMES[j],
                            String.format(
                                    java.util.Locale.ROOT,
                                    "it moves along a direction that changes no prediction"
                                            + " (Jacobian singular value %.2g of the largest)",
                                    sv[i] / sv[0]));
                }
            }
        }
        Double condition = sv[sv.length - 1] > 0 ? sv[0] / sv[sv.length - 1] : null;

        List<FitDiagnostics.Profile> profile = profile(data, norm, optimum, fit, options);
        for (FitDiagnostics.Profile p : profile) {
            if (p.lowerRise() < CHI2_95 || p.upperRise() < CHI2_95) {
                boolean lower = p.lowerRise() < CHI2_95;
                add(
                        reasons,
                        p.parameter(),
                        String.format(
                                java.util.Locale.ROOT,
                                "the data fit about as well with it %.0f times %s (profile"
                                        + " statistic %.2g < %.2f)",
                                PROFILE_FACTOR,
                                lower ? "smaller" : "larger",
                                lower ? p.lowerRise() : p.upperRise(),
                                CHI2_95));
            }
        }
        if (intervals != null) {
            for (String name : ScalingLaw.NAMES) {
                double[] ci = intervals.coefficients().get(name);
                double scale = Math.max(Math.abs(ci[0]), Math.abs(ci[1]));
                if (!(ci[1] - ci[0] > 1e-9 * scale)) {
                    add(reasons, name, "no bootstrap resample moved it (interval of zero width)");
                }
            }
        }
        List<String> notIdentified = new ArrayList<>();
        Map<String, String> why = new LinkedHashMap<>();
        for (String name : ScalingLaw.NAMES) {
            if (reasons.containsKey(name)) {
                notIdentified.add(name);
                why.put(name, String.join("; ", reasons.get(name)));
            }
        }
        return new FitDiagnostics(
                condition,
                rank,
                sv,
                bounds,
                profile,
                CHI2_95,
                List.copyOf(notIdentified),
                why,
                DerivedQuantities.affectedBy(notIdentified));
    }

    private static void add(Map<String, List<String>> reasons, String name, String reason) {
        reasons.computeIfAbsent(name, k -> new ArrayList<>()).add(reason);
    }

    /** Coefficients at the edge of the law's domain; negligible ones also count as open. */
    private static List<FitDiagnostics.Bound> bounds(
            SweepData data, ScalingLaw law, Map<String, List<String>> reasons) {
        double[] share = new double[4];
        double smallestPruned = Double.NaN;
        for (Observation o : data.points()) {
            double s = o.sparsity();
            double np = Math.pow(o.nonzeroParams(), -law.bN());
            double[] terms = {
                law.aS() * Math.pow(1 - s, law.bS()) * np,
                law.cS() * np,
                Math.pow(law.aD() / o.data(), law.bD()),
                law.c()
            };
            double f = terms[0] + terms[1] + terms[2] + terms[3];
            for (int k = 0; k < 4; k++) {
                share[k] = Math.max(share[k], Math.abs(terms[k] / f));
            }
            if (s > 0 && !(s >= smallestPruned)) {
                smallestPruned = s;
            }
        }
        List<FitDiagnostics.Bound> out = new ArrayList<>();
        String[] amplitudes = {"aS", "cS", "aD", "c"};
        for (int k = 0; k < 4; k++) {
            if (share[k] < NEGLIGIBLE) {
                String detail =
                        String.format(
                                java.util.Locale.ROOT,
                                "its term is at most %.2g of any prediction",
                                share[k]);
                out.add(new FitDiagnostics.Bound(amplitudes[k], "0", detail));
                add(reasons, amplitudes[k], "at its bound 0: " + detail);
            }
        }
        if (!Double.isNaN(smallestPruned)) {
            double u = Math.pow(1 - smallestPruned, law.bS());
            if (u < NEGLIGIBLE) {
                String detail =
                        String.format(
                                java.util.Locale.ROOT,
                                "(1-S)^bS = %.2g already at S = %s: the sparsity term is a step",
                                u,
                                smallestPruned);
                out.add(new FitDiagnostics.Bound("bS", "infinity", detail));
                add(reasons, "bS", "at its bound infinity: " + detail);
            }
        }
        double[] exps = {law.bS(), law.bN(), law.bD()};
        String[] expNames = {"bS", "bN", "bD"};
        for (int k = 0; k < 3; k++) {
            if (!(exps[k] > 0)) {
                out.add(
                        new FitDiagnostics.Bound(
                                expNames[k],
                                "0",
                                expNames[k]
                                        + " = "
                                        + exps[k]
                                        + " <= 0: outside the law's domain (its term does not"
                                        + " fall as its variable grows)"));
                // The law's fall-off needs a positive exponent; a fit that lands on the other side
                // says the data do not follow this term's shape, so its value (and every derived
                // quantity built on it) is a description of the misfit, not a measurement.
                add(
                        reasons,
                        expNames[k],
                        String.format(
                                java.util.Locale.ROOT,
                                "%s = %.3g <= 0 is outside the law's domain: the data do not"
                                        + " determine it within the law",
                                expNames[k],
                                exps[k]));
            }
        }
        return out;
    }

    /** The SVD of the plain residuals' Jacobian (no Huber weighting) at the optimum. */
    private static SingularValueDecomposition jacobian(
            SweepData data, Normalization norm, double[] optimum, FitOptions options) {
        LawModel plain = new LawModel(data, norm, options.residualSpace(), Double.MAX_VALUE);
        RealMatrix j = plain.value(new ArrayRealVector(optimum)).getSecond();
        return new SingularValueDecomposition(new Array2DRowRealMatrix(j.getData(), false));
    }

    private static List<FitDiagnostics.Profile> profile(
            SweepData data,
            Normalization norm,
            double[] optimum,
            FitResult fit,
            FitOptions options) {
        ScalingLawFitter fitter = options.fitter();
        StartPoints generator = new StartPoints(data, norm, options.residualSpace());
        double[][] fresh = generator.generate(PROFILE_STARTS, options.seed() ^ 0x9E3779B97F4A7C15L);
        double logFactor = Math.log(PROFILE_FACTOR);
        int dof = Math.max(1, data.size() - ScalingLawFitter.PARAMETERS);
        double[][] rises = new double[ScalingLaw.NAMES.length][2];
        IntStream.range(0, 2 * ScalingLaw.NAMES.length)
                .parallel()
                .forEach(
                        t -> {
                            int j = t / 2;
                            boolean upper = t % 2 == 1;
                            double value =
                                    AMPLITUDE[j]
                                            ? optimum[j] + (upper ? logFactor : -logFactor)
                                            : upper
                                                    ? optimum[j] * PROFILE_FACTOR
                                                    : optimum[j] / PROFILE_FACTOR;
                            double[][] starts = startsWith(generator, optimum, fresh, j, value);
                            double objective;
                            try {
                                objective =
                                        fitter.fitFixed(data, norm, j, value, starts).objective();
                            } catch (IllegalStateException e) {
                                objective = Double.POSITIVE_INFINITY;
                            }
                            rises[j][upper ? 1 : 0] = rise(fit.objective(), objective, dof);
                        });
        List<FitDiagnostics.Profile> out = new ArrayList<>();
        for (int j = 0; j < ScalingLaw.NAMES.length; j++) {
            out.add(new FitDiagnostics.Profile(ScalingLaw.NAMES[j], rises[j][0], rises[j][1]));
        }
        return out;
    }

    /**
     * Starts for a refit with coordinate {@code j} fixed: the optimum, and for an exponent also the
     * optimum's exponents with amplitudes re-solved for the fixed value, then fresh starts whose
     * amplitudes are likewise re-solved.
     */
    private static double[][] startsWith(
            StartPoints generator, double[] optimum, double[][] fresh, int j, double value) {
        List<double[]> starts = new ArrayList<>();
        starts.add(optimum);
        if (!AMPLITUDE[j]) {
            starts.add(reamplified(generator, optimum, j, value));
            for (double[] f : fresh) {
                starts.add(reamplified(generator, f, j, value));
            }
        } else {
            for (double[] f : fresh) {
                starts.add(f);
            }
        }
        return starts.toArray(double[][]::new);
    }

    private static double[] reamplified(
            StartPoints generator, double[] start, int j, double value) {
        double[] e = {start[1], start[3], start[5]};
        e[(j - 1) / 2] = value;
        return generator.withAmplitudes(e[0], e[1], e[2]);
    }

    /** {@code (n - p) (objective' - objective) / objective}, capped to stay finite in JSON. */
    static double rise(double best, double profiled, int dof) {
        if (!(profiled > best)) {
            return 0;
        }
        if (best <= 0 || !Double.isFinite(profiled)) {
            return Double.MAX_VALUE;
        }
        return Math.min(Double.MAX_VALUE, dof * (profiled - best) / best);
    }
}
