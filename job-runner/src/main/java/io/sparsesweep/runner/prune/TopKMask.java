package io.sparsesweep.runner.prune;

import java.util.Arrays;

/**
 * Exact-count magnitude top-k over a whole tensor, as jaxpruner's unstructured mask: keep the
 * {@code k} entries with the largest score; entries tied with the k-th score are admitted in flat
 * (row-major) index order, so exactly {@code k} survive and lower indices win ties.
 */
public final class TopKMask {
    private TopKMask() {}

    /**
     * Number of entries kept at sparsity {@code s}: {@code max(1, round(size·(1 − s)))}, rounding
     * half to even as numpy's {@code round} does.
     */
    public static int keptCount(int size, double sparsity) {
        long k = (long) Math.rint(size * (1.0 - sparsity));
        return (int) Math.max(1, Math.min(size, k));
    }

    /** A 0/1 mask keeping the {@code k} largest scores (ties: lower flat index first). */
    public static float[] keepLargest(float[] score, int k) {
        int size = score.length;
        float[] mask = new float[size];
        if (k >= size) {
            Arrays.fill(mask, 1f);
            return mask;
        }
        if (k <= 0) {
            return mask;
        }
        float threshold = select(score.clone(), size - k);
        int above = 0;
        for (float v : score) {
            if (v > threshold) {
                above++;
            }
        }
        int tiesToAdmit = k - above;
        for (int i = 0; i < size; i++) {
            float v = score[i];
            if (v > threshold) {
                mask[i] = 1f;
            } else if (v == threshold && tiesToAdmit > 0) {
                mask[i] = 1f;
                tiesToAdmit--;
            }
        }
        return mask;
    }

    /**
     * The value that would sit at index {@code rank} of {@code a} sorted ascending (quickselect,
     * expected linear time; reorders {@code a}). Scores are magnitudes, so no NaN handling.
     */
    static float select(float[] a, int rank) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            // Median of three as the pivot keeps sorted and constant inputs linear-ish.
            int mid = (lo + hi) >>> 1;
            float x = a[lo];
            float y = a[mid];
            float z = a[hi];
            float pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (rank <= j) {
                hi = j;
            } else if (rank >= i) {
                lo = i;
            } else {
                return a[rank];
            }
        }
        return a[rank];
    }

    /** |w| as the score, as in magnitude pruning. */
    public static float[] magnitudes(float[] w) {
        float[] a = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            a[i] = Math.abs(w[i]);
        }
        return a;
    }
}
