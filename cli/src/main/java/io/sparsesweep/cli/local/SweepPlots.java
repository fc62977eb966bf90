package io.sparsesweep.cli.local;

import io.sparsesweep.fitting.FlopCost;
import io.sparsesweep.fitting.Observation;
import io.sparsesweep.fitting.OptimalSparsity;
import io.sparsesweep.fitting.ScalingLaw;
import io.sparsesweep.fitting.SweepData;
import io.sparsesweep.fitting.TrainingCost;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The three figures of a fitted sweep, each as PNG and SVG: measured against predicted loss; loss
 * against non-zero parameters per sparsity with the fitted curves; and where each sparsity becomes
 * optimal over model size and training budget.
 */
public final class SweepPlots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 640;
    private static final double[] CONTOUR_SPARSITIES = {0.25, 0.5, 0.75, 0.875};

    /** One colour per sparsity, shared by its points and its curve (colour-blind safe). */
    private static final java.awt.Color[] PALETTE = {
        new java.awt.Color(0x00, 0x72, 0xB2),
        new java.awt.Color(0xE6, 0x9F, 0x00),
        new java.awt.Color(0x00, 0x9E, 0x73),
        new java.awt.Color(0xCC, 0x79, 0xA7),
        new java.awt.Color(0xD5, 0x5E, 0x00),
        new java.awt.Color(0x56, 0xB4, 0xE9),
        new java.awt.Color(0x00, 0x00, 0x00),
    };

    private SweepPlots() {}

    /** Writes every figure into {@code dir}; returns the files written. */
    public static List<Path> write(
            Path dir, SweepData data, ScalingLaw law, String dataUnit, TrainingCost cost)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        files.addAll(save(predictedVsMeasured(data, law), dir.resolve("predicted-vs-measured")));
        files.addAll(save(lossVsNonzeros(data, law, dataUnit), dir.resolve("loss-vs-nonzeros")));
        files.addAll(
                save(optimalSparsity(data, law, dataUnit, cost), dir.resolve("optimal-sparsity")));
        return files;
    }

    private static List<Path> save(XYChart chart, Path base) throws IOException {
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(
                chart, base.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return List.of(
                base.resolveSibling(base.getFileName() + ".png"),
                base.resolveSibling(base.getFileName() + ".svg"));
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle(x)
                        .yAxisTitle(y)
                        .build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setMarkerSize(7);
        return c;
    }

    private static TreeMap<Double, List<Observation>> bySparsity(SweepData data) {
        TreeMap<Double, List<Observation>> m = new TreeMap<>();
        for (Observation o : data.points()) {
            m.computeIfAbsent(o.sparsity(), k -> new ArrayList<>()).add(o);
        }
        return m;
    }

    static XYChart predictedVsMeasured(SweepData data, ScalingLaw law) {
        XYChart c =
                chart(
                        "Measured against predicted validation loss",
                        "predicted by the fitted law (loss)",
                        "measured (loss)");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int colour = 0;
        for (var e : bySparsity(data).entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Observation o : e.getValue()) {
                double p = law.predict(o);
                x.add(p);
                y.add(o.loss());
                lo = Math.min(lo, Math.min(p, o.loss()));
                hi = Math.max(hi, Math.max(p, o.loss()));
            }
            XYSeries s = c.addSeries("sparsity " + fmt(e.getKey()), x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarkerColor(PALETTE[colour++ % PALETTE.length]);
        }
        XYSeries diag = c.addSeries("perfect prediction", List.of(lo, hi), List.of(lo, hi));
        diag.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diag.setMarker(SeriesMarkers.NONE);
        diag.setLineColor(java.awt.Color.GRAY);
        return c;
    }

    static XYChart lossVsNonzeros(SweepData data, ScalingLaw law, String dataUnit) {
        double dMax = data.points().stream().mapToDouble(Observation::data).max().orElse(1);
        XYChart c =
                chart(
                        String.format(
                                Locale.ROOT,
                                "Loss against non-zero parameters at the longest training (D = %.3g %s)",
                                dMax,
                                dataUnit),
                        "non-zero parameters N (log scale)",
                        "validation loss");
        c.getStyler().setXAxisLogarithmic(true);
        double nMin = Double.POSITIVE_INFINITY;
        double nMax = 0;
        for (Observation o : data.points()) {
            nMin = Math.min(nMin, o.nonzeroParams());
            nMax = Math.max(nMax, o.nonzeroParams());
        }
        int colour = 0;
        for (var e : bySparsity(data).entrySet()) {
            double s = e.getKey();
            java.awt.Color col = PALETTE[colour++ % PALETTE.length];
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Observation o : e.getValue()) {
                if (Math.abs(o.data() - dMax) <= 1e-9 * dMax) {
                    x.add(o.nonzeroParams());
                    y.add(o.loss());
                }
            }
            if (!x.isEmpty()) {
                XYSeries m = c.addSeries("measured, sparsity " + fmt(s), x, y);
                m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                m.setMarkerColor(col);
            }
            List<Double> cx = new ArrayList<>();
            List<Double> cy = new ArrayList<>();
            for (int k = 0; k <= 60; k++) {
                double n = nMin / 2 * Math.pow(4 * nMax / nMin, k / 60.0);
                cx.add(n);
                cy.add(law.predict(s, n, dMax));
            }
            XYSeries f = c.addSeries("fitted law, sparsity " + fmt(s), cx, cy);
            f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            f.setMarker(SeriesMarkers.NONE);
            f.setLineColor(col);
        }
        return c;
    }

    static XYChart optimalSparsity(
            SweepData data, ScalingLaw law, String dataUnit, TrainingCost cost) {
        double nMin = Double.POSITIVE_INFINITY;
        double nMax = 0;
        for (Observation o : data.points()) {
            nMin = Math.min(nMin, o.nonzeroParams());
            nMax = Math.max(nMax, o.nonzeroParams());
        }
        XYChart c =
                chart(
                        "Training budget at which each sparsity becomes optimal",
                        "non-zero parameters N (log scale)",
                        cost instanceof FlopCost
                                ? "training budget C in FLOPs (log scale)"
                                : "budget C = N x D x cost multiplier, in parameter-"
                                        + dataUnit
                                        + " (log scale)");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<Double> ns = new ArrayList<>();
        for (int k = 0; k <= 24; k++) {
            ns.add(nMin / 4 * Math.pow(16 * nMax / nMin, k / 24.0));
        }
        List<Double> dense = new ArrayList<>();
        for (double n : ns) {
            dense.add(cost.computeOptimalBudget(law, n));
        }
        if (dense.stream().allMatch(v -> Double.isFinite(v) && v > 0)) {
            XYSeries d = c.addSeries("dense compute-optimal budget", ns, dense);
            d.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            d.setMarker(SeriesMarkers.NONE);
            d.setLineStyle(
                    new BasicStroke(
                            2f,
                            BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER,
                            10f,
                            new float[] {6f, 6f},
                            0f));
        }
        boolean anyContour = false;
        for (double s : CONTOUR_SPARSITIES) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (double n : ns) {
                double budget = budgetWhereOptimal(law, n, s, cost);
                if (Double.isFinite(budget)) {
                    x.add(n);
                    y.add(budget);
                }
            }
            if (x.size() >= 2) {
                XYSeries line = c.addSeries("S_opt = " + fmt(s) + " (" + cost.name() + ")", x, y);
                line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                line.setMarker(SeriesMarkers.NONE);
                anyContour = true;
            }
        }
        if (!anyContour) {
            // Say so in the legend when the law never favours the listed sparsities in range: an
            // empty figure would read as a plotting bug.
            XYSeries none =
                    c.addSeries(
                            "no sparsity in "
                                    + java.util.Arrays.toString(CONTOUR_SPARSITIES)
                                    + " becomes optimal in this range",
                            List.of(nMin),
                            List.of(
                                    dense.isEmpty() || !Double.isFinite(dense.get(0))
                                            ? 1.0
                                            : dense.get(0)));
            none.setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    /**
     * The budget at which the optimal sparsity reaches {@code s} (it grows with the budget), by
     * bisection on log C; NaN when it never does within twenty decades of the dense optimum.
     */
    static double budgetWhereOptimal(ScalingLaw law, double n, double s, TrainingCost cost) {
        double center = cost.computeOptimalBudget(law, n);
        if (!Double.isFinite(center) || center <= 0) {
            center = n * n;
        }
        double lo = Math.log(center) - 23;
        double hi = Math.log(center) + 23;
        if (OptimalSparsity.solve(law, n, Math.exp(hi), cost).sparsity() < s
                || OptimalSparsity.solve(law, n, Math.exp(lo), cost).sparsity() >= s) {
            return Double.NaN;
        }
        for (int i = 0; i < 50; i++) {
            double mid = (lo + hi) / 2;
            if (OptimalSparsity.solve(law, n, Math.exp(mid), cost).sparsity() >= s) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return Math.exp(hi);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%s", v == Math.rint(v) ? (long) v : v);
    }
}
