package io.sparsesweep.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeedsAndCrossValidationTest {

    /** The synthetic sweep with every configuration repeated {@code seeds} times. */
    private static SweepData seeded(double noise, int seeds, long seed) {
        Random rng = new Random(seed);
        List<Observation> pts = new ArrayList<>();
        for (Observation o : Synthetic.sweep(Synthetic.TRUTH, 0, 1).points()) {
            for (int k = 0; k < seeds; k++) {
                double l = o.loss() * (1 + noise * rng.nextGaussian());
                pts.add(new Observation(o.sparsity(), o.nonzeroParams(), o.data(), l));
            }
        }
        return SweepData.of("seeded", pts);
    }

    @Test
    void repeatsGiveTheRunToRunNoise() {
        FitReport r = FitPipeline.run(seeded(0.02, 3, 7), FitOptions.builder().starts(6).build());
        SeedNoise n = r.seedNoise();
        assertThat(n.configurations()).isEqualTo(80);
        assertThat(n.repeated()).isEqualTo(80);
        assertThat(n.minRuns()).isEqualTo(3);
        assertThat(n.pooledRelativeStd()).isCloseTo(0.02, within(0.003));
        // the law is the truth: its misfit of the means is the noise of a mean
        assertThat(n.misfitRatio()).isBetween(0.7, 1.3);
        assertThat(n.perConfiguration()).hasSize(80);
        assertThat(
                        FitPipeline.run(
                                        Synthetic.sweep(Synthetic.TRUTH, 0.01, 2),
                                        FitOptions.builder().starts(4).build())
                                .seedNoise())
                .isNull();
    }

    @Test
    void aLawThatMisfitsShowsAsMisfitBeyondTheNoise() {
        // Add a size effect the law cannot express: the largest size is 5% worse.
        List<Observation> pts = new ArrayList<>();
        double largest = 0;
        for (Observation o : seeded(0.005, 3, 3).points()) {
            largest = Math.max(largest, o.nonzeroParams() / (1 - o.sparsity()));
        }
        for (Observation o : seeded(0.005, 3, 3).points()) {
            boolean big = o.nonzeroParams() / (1 - o.sparsity()) > largest / 1.01;
            pts.add(
                    new Observation(
                            o.sparsity(),
                            o.nonzeroParams(),
                            o.data(),
                            o.loss() * (big ? 1.05 : 1)));
        }
        FitReport r =
                FitPipeline.run(SweepData.of("bent", pts), FitOptions.builder().starts(6).build());
        assertThat(r.seedNoise().misfitRatio()).isGreaterThan(2);
    }

    @Test
    void theBootstrapResamplesWholeConfigurations() {
        // With three identical-looking repeats per configuration, resampling runs would treat the
        // seeds as independent evidence and give narrower intervals than resampling
        // configurations, which is what one configuration's data actually supports.
        SweepData data = seeded(0.01, 3, 11);
        FitOptions options = FitOptions.builder().starts(6).bootstrap(60).seed(2).build();
        FitReport r = FitPipeline.run(data, options);
        double[] bN = r.intervals().coefficients().get("bN");
        assertThat(bN[0]).isLessThan(Synthetic.TRUTH.bN());
        assertThat(bN[1]).isGreaterThan(Synthetic.TRUTH.bN());
        // a resample holds every run of each configuration it draws
        Repeats groups = Repeats.of(data);
        assertThat(groups.size()).isEqualTo(80);
        assertThat(groups.runs(0)).containsExactly(0, 1, 2);
    }

    @Test
    void holdoutErrorsAreOnConfigurationMeans() {
        FitReport r =
                FitPipeline.run(
                        seeded(0.02, 3, 5),
                        FitOptions.builder().starts(6).holdout("nonzero_params == max").build());
        assertThat(r.holdout().heldOut()).isEqualTo(48);
        assertThat(r.holdout().points()).hasSize(16);
        assertThat(r.holdout().points()).allSatisfy(p -> assertThat(p.runs()).isEqualTo(3));
    }

    /** 5 model sizes (dense N) x 4 sparsities of each x 4 budgets, 0.3% noise. */
    private static SweepData bySize() {
        Random rng = new Random(8);
        List<Observation> pts = new ArrayList<>();
        for (int size = 0; size < 5; size++) {
            double dense = 6.6e5 * Math.pow(4, size);
            for (double s : new double[] {0, 0.5, 0.75, 0.875}) {
                for (int b = 0; b < 4; b++) {
                    double d = 2.25e8 * Math.pow(2, b);
                    double n = dense * (1 - s);
                    double l = Synthetic.TRUTH.predict(s, n, d) * (1 + 0.003 * rng.nextGaussian());
                    pts.add(new Observation(s, n, d, l));
                }
            }
        }
        return SweepData.of("by-size", pts);
    }

    @Test
    void leaveOneSizeOutPredictsEverySizeFromTheOthers() {
        SweepData data = bySize();
        FitReport r =
                FitPipeline.run(
                        data, FitOptions.builder().starts(6).crossValidation("sizes").build());
        CrossValidation cv = r.crossValidation();
        assertThat(cv.by()).isEqualTo("sizes");
        assertThat(cv.folds()).hasSize(5);
        assertThat(cv.folds()).allSatisfy(f -> assertThat(f.heldOut()).isEqualTo(16));
        // sizes are dense sizes: the model at N = 6.6e5 x 4^k, every sparsity of it
        assertThat(cv.folds().get(0).denseParams()).isCloseTo(6.6e5, within(1.0));
        assertThat(cv.meanAbsRelError()).isLessThan(0.01);
        assertThat(cv.maxAbsRelError()).isGreaterThanOrEqualTo(cv.folds().get(4).maxAbsRelError());
    }

    @Test
    void crossValidationNeedsTwoSizesAndAKnownMode() {
        List<Observation> one = new ArrayList<>();
        for (Observation o : bySize().points()) {
            if (o.nonzeroParams() / (1 - o.sparsity()) < 7e5) {
                one.add(o);
            }
        }
        assertThatThrownBy(
                        () ->
                                FitPipeline.run(
                                        SweepData.of("one.csv", one),
                                        FitOptions.builder().crossValidation("sizes").build()))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("one model size");
        assertThatThrownBy(() -> FitOptions.builder().crossValidation("seeds").build())
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("--cv: 'seeds'");
    }
}
