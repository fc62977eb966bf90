package io.sparsesweep.fitting;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded synthetic sweeps drawn from a known law, on a grid shaped like the paper's. */
final class Synthetic {
    /** A law of the paper's ViT magnitude, in raw units (N non-zeros, D examples). */
    static final ScalingLaw TRUTH =
            new ScalingLaw(294.39, 0.821, 468.16, 0.3922, 2.3741e8, 0.8898, 4.5167);

    private Synthetic() {}

    /**
     * 5 sizes x 4 sparsities x 4 budgets = 80 points, with multiplicative Gaussian noise of
     * relative size {@code noise}.
     */
    static SweepData sweep(ScalingLaw law, double noise, long seed) {
        Random rng = new Random(seed);
        List<Observation> points = new ArrayList<>();
        double[] sparsities = {0, 0.5, 0.75, 0.875};
        for (int size = 0; size < 5; size++) {
            double n = 6.6e5 * Math.pow(4, size);
            for (double s : sparsities) {
                for (int b = 0; b < 4; b++) {
                    double d = 2.25e8 * Math.pow(2, b);
                    double l = law.predict(s, n, d) * (1 + noise * rng.nextGaussian());
                    points.add(new Observation(s, n, d, l));
                }
            }
        }
        return SweepData.of("synthetic", points);
    }
}
