package io.sparsesweep.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.fitting.CostAccounting;
import io.sparsesweep.fitting.Observation;
import io.sparsesweep.fitting.ScalingLaw;
import io.sparsesweep.fitting.SweepData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class SweepPlotsTest {
    /** A law in which sparsity pays off with enough training: amplitude falls with (1-S). */
    private static final ScalingLaw FAVOURS_SPARSITY =
            new ScalingLaw(300, 0.8, 40, 0.4, 2e8, 0.9, 1.0);

    /** A fit like the small Fashion-MNIST one: (1-S)^600 is 0 for any S > 0, a step in S. */
    private static final ScalingLaw STEP_IN_S = new ScalingLaw(0.85, 600, 5.2, 0.4, 3.5e3, 1, 0.27);

    private static SweepData sweep(ScalingLaw law) {
        List<Observation> points = new ArrayList<>();
        for (double s : new double[] {0, 0.5, 0.75}) {
            for (double n = 1e6; n <= 1.6e7; n *= 4) {
                for (double d = 1e8; d <= 4e8; d *= 2) {
                    points.add(new Observation(s, n, d, law.predict(s, n, d)));
                }
            }
        }
        return SweepData.of("synthetic", points);
    }

    @Test
    void contoursAppearWhereTheLawFavoursSparsity() {
        XYChart c =
                SweepPlots.optimalSparsity(
                        sweep(FAVOURS_SPARSITY),
                        FAVOURS_SPARSITY,
                        "tokens",
                        CostAccounting.gradual());
        assertThat(c.getSeriesMap().keySet())
                .contains("dense compute-optimal budget")
                .anyMatch(k -> k.startsWith("S_opt = 0.5"))
                .noneMatch(k -> k.startsWith("no sparsity"));
    }

    @Test
    void aFigureWithoutContoursSaysSo() {
        XYChart c =
                SweepPlots.optimalSparsity(
                        sweep(STEP_IN_S), STEP_IN_S, "examples", CostAccounting.gradual());
        assertThat(c.getSeriesMap().keySet())
                .noneMatch(k -> k.startsWith("S_opt"))
                .anyMatch(k -> k.startsWith("no sparsity in [0.25, 0.5, 0.75, 0.875]"));
    }

    @Test
    void writesEveryFigureAsPngAndSvg(@TempDir Path dir) throws Exception {
        List<Path> files =
                SweepPlots.write(
                        dir,
                        sweep(FAVOURS_SPARSITY),
                        FAVOURS_SPARSITY,
                        "tokens",
                        CostAccounting.gradual());
        assertThat(files).hasSize(6);
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            if (f.toString().endsWith(".png")) {
                assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
            } else {
                assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                        .contains("<svg");
            }
        }
    }
}
