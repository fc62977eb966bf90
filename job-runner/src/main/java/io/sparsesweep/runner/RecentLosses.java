package io.sparsesweep.runner;

import java.util.ArrayDeque;

/**
 * The last {@value #SIZE} training losses: their mean is the result's train loss, and they travel
 * in checkpoints so that a resumed run reports the same mean as an uninterrupted one.
 */
final class RecentLosses {
    static final int SIZE = 50;
    private final ArrayDeque<Double> losses = new ArrayDeque<>();

    void add(double loss) {
        losses.addLast(loss);
        if (losses.size() > SIZE) {
            losses.removeFirst();
        }
    }

    double[] toArray() {
        return losses.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The mean, or NaN before the first step. */
    double mean() {
        return losses.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
