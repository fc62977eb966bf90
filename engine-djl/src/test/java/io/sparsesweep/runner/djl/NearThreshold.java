package io.sparsesweep.runner.djl;

import io.sparsesweep.runner.prune.NmPattern;
import java.util.Arrays;

/**
 * How many mask entries two engines may disagree on, given how far apart their weights are.
 *
 * <p>Lemma (unstructured top-k): let {@code δ = max_i |w1_i − w2_i|}. The k-th largest magnitude is
 * 1-Lipschitz in the max norm, so the two thresholds differ by at most δ. An entry kept by one mask
 * and pruned by the other then has {@code |w1_i|} within {@code 2δ} of the first threshold. So the
 * masks can only disagree on entries with {@code ||w1_i| − thr1| ≤ 2δ}, whatever the tie rule; with
 * δ = 0 they are identical because both engines feed the same calculator.
 *
 * <p>Iterative n:m (protected n per group of m along the input axis, the rest of the budget by
 * magnitude): a group's protected set can only differ if its n-th and (n+1)-th largest magnitudes
 * are within 2δ (all m entries of such a group count as near), the rest only near the threshold of
 * the remaining budget as above, plus one entry per near group, whose swap can move that threshold
 * by one rank.
 */
final class NearThreshold {
    private NearThreshold() {}

    /** Largest absolute difference between two weight tensors. */
    static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs((double) a[i] - b[i]));
        }
        return d;
    }

    static int disagreements(float[] m1, float[] m2) {
        int n = 0;
        for (int i = 0; i < m1.length; i++) {
            if (m1[i] != m2[i]) {
                n++;
            }
        }
        return n;
    }

    /** The most entries the masks of unstructured top-k may differ on. */
    static int unstructuredAllowance(float[] w1, int kept, double delta) {
        return nearCount(magnitudes(w1), kthLargest(magnitudes(w1), kept), delta, null);
    }

    /**
     * The most entries iterative n:m masks of a {@code [in, out]} kernel (groups along axis 0) may
     * differ on, given the number of entries the mask keeps.
     */
    static int nmAllowance(float[] w1, int[] shape, NmPattern nm, int kept, double delta) {
        int rows = shape[0];
        int cols = shape[1];
        float[] score = magnitudes(w1);
        boolean[] protectedEntry = new boolean[w1.length];
        boolean[] near = new boolean[w1.length];
        int nearGroups = 0;
        float[] group = new float[nm.m()];
        for (int r0 = 0; r0 < rows; r0 += nm.m()) {
            for (int c = 0; c < cols; c++) {
                for (int j = 0; j < nm.m(); j++) {
                    group[j] = score[(r0 + j) * cols + c];
                }
                float[] sorted = group.clone();
                Arrays.sort(sorted);
                float nth = sorted[nm.m() - nm.n()];
                float next = sorted[nm.m() - nm.n() - 1];
                boolean close = nth - next <= 2 * delta;
                nearGroups += close ? 1 : 0;
                // The group's n largest (ties in any order: a near group covers them anyway).
                Integer[] order = new Integer[nm.m()];
                for (int j = 0; j < order.length; j++) {
                    order[j] = j;
                }
                Arrays.sort(order, (a, b) -> Float.compare(group[b], group[a]));
                for (int j = 0; j < nm.n(); j++) {
                    protectedEntry[(r0 + order[j]) * cols + c] = true;
                }
                for (int j = 0; j < nm.m(); j++) {
                    near[(r0 + j) * cols + c] |= close;
                }
            }
        }
        int protectedCount = nm.n() * (rows / nm.m()) * cols;
        int rest = kept - protectedCount;
        if (rest > 0) {
            float[] others = new float[w1.length];
            for (int i = 0; i < w1.length; i++) {
                others[i] = protectedEntry[i] ? -1f : score[i];
            }
            double thr = kthLargest(others, rest);
            for (int i = 0; i < w1.length; i++) {
                near[i] |= !protectedEntry[i] && Math.abs(score[i] - thr) <= 2 * delta;
            }
        }
        int count = 0;
        for (boolean b : near) {
            count += b ? 1 : 0;
        }
        return count + (rest > 0 ? nearGroups : 0);
    }

    private static int nearCount(float[] score, double thr, double delta, boolean[] skip) {
        int n = 0;
        for (int i = 0; i < score.length; i++) {
            if ((skip == null || !skip[i]) && Math.abs(score[i] - thr) <= 2 * delta) {
                n++;
            }
        }
        return n;
    }

    private static float[] magnitudes(float[] w) {
        float[] s = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            s[i] = Math.abs(w[i]);
        }
        return s;
    }

    private static double kthLargest(float[] score, int k) {
        float[] sorted = score.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - k];
    }

    static int kept(float[] mask) {
        int n = 0;
        for (float v : mask) {
            n += v != 0f ? 1 : 0;
        }
        return n;
    }
}
