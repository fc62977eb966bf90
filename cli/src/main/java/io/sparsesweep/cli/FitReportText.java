package io.sparsesweep.cli;

import io.sparsesweep.fitting.BootstrapIntervals;
import io.sparsesweep.fitting.CrossValidation;
import io.sparsesweep.fitting.DerivedQuantities;
import io.sparsesweep.fitting.FitDiagnostics;
import io.sparsesweep.fitting.FitReport;
import io.sparsesweep.fitting.HoldoutCheck;
import io.sparsesweep.fitting.OptimalSparsity;
import io.sparsesweep.fitting.PatternComparison;
import io.sparsesweep.fitting.SeedNoise;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link FitReport} as the readable table {@code sparsesweep fit} prints. */
final class FitReportText {
    private FitReportText() {}

    static String render(FitReport r) {
        StringBuilder out = new StringBuilder();
        BootstrapIntervals iv = r.intervals();
        line(out, "Sparse scaling law fitted to %s (%d points)", r.source(), r.points());
        line(out, "  L(S,N,D) = (aS(1-S)^bS + cS) N^-bN + (aD/D)^bD + c");
        if (r.sparsityMismatches() != null) {
            line(
                    out,
                    "  %d run(s) missed their target sparsity by more than half a point; fitted at"
                            + " the sparsity they reached:",
                    r.sparsityMismatches().size());
            for (var m : r.sparsityMismatches()) {
                line(
                        out,
                        "    %s: target %s, achieved %.4f",
                        m.row(),
                        trim(m.target()),
                        m.achieved());
            }
        }
        line(out, "");
        if (iv != null) {
            line(
                    out,
                    "  %-4s %14s   %s",
                    "",
                    "estimate",
                    String.format(
                            Locale.ROOT,
                            "%.0f%% interval (%d resamples)",
                            iv.level() * 100,
                            iv.resamples()));
        }
        FitDiagnostics diag = r.diagnostics();
        for (Map.Entry<String, Double> e : r.law().entrySet()) {
            String interval = "";
            if (diag != null && diag.notIdentified(e.getKey())) {
                // A precise-looking interval would claim what the data do not say.
                interval = "   not identified";
            } else if (iv != null) {
                double[] ci = iv.coefficients().get(e.getKey());
                interval = String.format(Locale.ROOT, "   [%.6g, %.6g]", ci[0], ci[1]);
            }
            line(out, "  %-4s %14.6g%s", e.getKey(), e.getValue(), interval);
        }
        line(out, "");
        line(
                out,
                "  objective %.6e  (mean Huber, %s residuals, delta %s)",
                r.objective(),
                r.residualSpace(),
                trim(r.huberDelta()));
        line(
                out,
                "  starts    %d, %d within 1%% of the best, %d converged (seed %d)",
                r.starts(),
                r.startsNearBest(),
                r.startsConverged(),
                r.seed());
        line(
                out,
                "  fit       RMSE %.4g, mean |rel err| %.2f%%, max %.2f%%  (%.3f s)",
                r.quality().rmse(),
                100 * r.quality().meanAbsRelError(),
                100 * r.quality().maxAbsRelError(),
                r.fitSeconds());
        if (diag != null) {
            renderDiagnostics(out, diag);
        }
        DerivedQuantities d = r.derived();
        line(out, "");
        line(
                out,
                "Dense-equivalent size multiplier (same loss, same data)%s:",
                caveat(diag, "multipliers"));
        for (int i = 0; i < d.multipliers().size(); i++) {
            DerivedQuantities.MultiplierAt m = d.multipliers().get(i);
            String ci = iv == null ? "" : interval(iv.multipliers().get(i).interval());
            line(out, "  S = %-8s x%.4g%s", trim(m.sparsity()), m.multiplier(), ci);
        }
        line(
                out,
                "  S -> 1     x%.4g%s%s",
                d.limitMultiplier(),
                iv == null ? "" : interval(iv.limitMultiplier()),
                caveat(diag, "limitMultiplier"));
        if (!d.optimalSparsity().isEmpty()) {
            line(out, "");
            line(
                    out,
                    "Optimal sparsity (%s cost accounting)%s:",
                    d.costAccounting(),
                    caveat(diag, "optimalSparsity"));
            for (int i = 0; i < d.optimalSparsity().size(); i++) {
                OptimalSparsity o = d.optimalSparsity().get(i);
                String ci = iv == null ? "" : interval(iv.optimalSparsity().get(i).interval());
                line(
                        out,
                        "  N = %.4g, C = %.4g: S_opt = %.4f%s, D = %.4g, loss %.5g (dense %.5g)",
                        o.nonzeroParams(),
                        o.budget(),
                        o.sparsity(),
                        ci,
                        o.data(),
                        o.loss(),
                        o.denseLoss());
            }
        }
        HoldoutCheck h = r.holdout();
        if (h != null) {
            line(out, "");
            line(
                    out,
                    "Hold-out '%s': fitted on %d points, predicting %d held out",
                    h.expression(),
                    h.fitted(),
                    h.heldOut());
            line(
                    out,
                    "  mean |rel err| %.2f%%, max %.2f%%, RMSE %.4g",
                    100 * h.meanAbsRelError(),
                    100 * h.maxAbsRelError(),
                    h.rmse());
            renderPoints(out, h.points());
        }
        CrossValidation cv = r.crossValidation();
        if (cv != null) {
            line(out, "");
            line(
                    out,
                    "Leave-one-size-out cross-validation (%d sizes): mean |rel err| %.2f%%, max"
                            + " %.2f%%",
                    cv.folds().size(),
                    100 * cv.meanAbsRelError(),
                    100 * cv.maxAbsRelError());
            line(out, "  %-14s %-6s %-14s %s", "dense params", "runs", "mean |rel err|", "max");
            for (CrossValidation.Fold f : cv.folds()) {
                line(
                        out,
                        "  %-14.6g %-6d %-14s %.2f%%",
                        f.denseParams(),
                        f.heldOut(),
                        String.format(Locale.ROOT, "%.2f%%", 100 * f.meanAbsRelError()),
                        100 * f.maxAbsRelError());
            }
        }
        SeedNoise noise = r.seedNoise();
        if (noise != null) {
            line(out, "");
            line(
                    out,
                    "Repeats: %d configurations of %d-%d runs (seeds), %d repeated; run-to-run noise"
                            + " %.2f%% (pooled relative std)%s",
                    noise.configurations(),
                    noise.minRuns(),
                    noise.maxRuns(),
                    noise.repeated(),
                    100 * noise.pooledRelativeStd(),
                    noise.misfitRatio() == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "; the law's misfit of the means is %.2fx that noise",
                                    noise.misfitRatio()));
        }
        PatternComparison pc = r.patterns();
        if (pc != null) {
            renderPatterns(out, pc);
        }
        return out.toString().stripTrailing();
    }

    private static void renderPoints(StringBuilder out, java.util.List<HoldoutCheck.Point> points) {
        line(
                out,
                "  %-10s %-12s %-12s %-5s %-10s %-10s %s",
                "S",
                "N",
                "D",
                "runs",
                "measured",
                "predicted",
                "error");
        for (HoldoutCheck.Point p : points) {
            line(
                    out,
                    "  %-10s %-12.5g %-12.5g %-5d %-10.5g %-10.5g %+.2f%%",
                    trim(p.sparsity()),
                    p.nonzeroParams(),
                    p.data(),
                    p.runs(),
                    p.loss(),
                    p.predicted(),
                    100 * p.relativeError());
        }
    }

    private static void renderPatterns(StringBuilder out, PatternComparison pc) {
        line(out, "");
        line(
                out,
                "n:m runs (not fitted) against the unstructured law and their unstructured twins:");
        line(
                out,
                "  %-8s %-6s %-14s %-6s %s",
                "pattern",
                "runs",
                "mean vs law",
                "twins",
                "mean vs twin");
        for (PatternComparison.Summary s : pc.summary()) {
            line(
                    out,
                    "  %-8s %-6d %-14s %-6d %s",
                    s.pattern(),
                    s.runs(),
                    String.format(Locale.ROOT, "%+.2f%%", 100 * s.meanGapVsLaw()),
                    s.twins(),
                    s.meanGapVsTwin() == null
                            ? "-"
                            : String.format(Locale.ROOT, "%+.2f%%", 100 * s.meanGapVsTwin()));
        }
        line(
                out,
                "  %-8s %-8s %-12s %-12s %-10s %-10s %-10s %-8s %s",
                "pattern",
                "S",
                "N",
                "D",
                "measured",
                "law",
                "twin",
                "vs law",
                "vs twin");
        for (PatternComparison.Run p : pc.runs()) {
            line(
                    out,
                    "  %-8s %-8s %-12.5g %-12.5g %-10.5g %-10.5g %-10s %-8s %s",
                    p.pattern(),
                    trim(p.sparsity()),
                    p.nonzeroParams(),
                    p.data(),
                    p.loss(),
                    p.predicted(),
                    p.twinLoss() == null ? "-" : String.format(Locale.ROOT, "%.5g", p.twinLoss()),
                    String.format(Locale.ROOT, "%+.2f%%", 100 * p.gapVsLaw()),
                    p.gapVsTwin() == null
                            ? "-"
                            : String.format(Locale.ROOT, "%+.2f%%", 100 * p.gapVsTwin()));
        }
    }

    private static void renderDiagnostics(StringBuilder out, FitDiagnostics diag) {
        line(
                out,
                "  identifiability  Jacobian rank %d of 7, condition number %s",
                diag.numericalRank(),
                diag.conditionNumber() == null
                        ? "infinite"
                        : String.format(Locale.ROOT, "%.3g", diag.conditionNumber()));
        if (diag.notIdentified().isEmpty()) {
            line(out, "                   every coefficient is determined by the data");
        }
        for (String name : diag.notIdentified()) {
            line(out, "  not identified   %s: %s", name, diag.reasons().get(name));
        }
    }

    /** " (depends on not-identified bS, cS)" when the quantity does, else "". */
    private static String caveat(FitDiagnostics diag, String quantity) {
        if (diag == null || diag.derivedAffected() == null) {
            return "";
        }
        var hit = diag.derivedAffected().get(quantity);
        return hit == null ? "" : " (depends on not-identified " + String.join(", ", hit) + ")";
    }

    private static String interval(double[] ci) {
        return String.format(Locale.ROOT, "  [%.4g, %.4g]", ci[0], ci[1]);
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.valueOf((long) v)
                : String.valueOf(v);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
