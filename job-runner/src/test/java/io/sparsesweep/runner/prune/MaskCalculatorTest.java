package io.sparsesweep.runner.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparsesweep.protocol.BadArgumentException;
import io.sparsesweep.runner.config.RunnerConfigException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskCalculatorTest {
    private static float[] gaussian(int size, long seed) {
        Random r = new Random(seed);
        float[] w = new float[size];
        for (int i = 0; i < size; i++) {
            w[i] = (float) r.nextGaussian();
        }
        return w;
    }

    private static int zeros(float[] mask) {
        int z = 0;
        for (float v : mask) {
            if (v == 0f) {
                z++;
            }
        }
        return z;
    }

    private static float[] apply(float[] w, float[] mask) {
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] * mask[i];
        }
        return out;
    }

    @Test
    void unstructuredKeepsExactlyTheRoundedCount() {
        MaskCalculator calc = MaskCalculator.unstructured();
        int[] shape = {37, 11};
        float[] w = gaussian(37 * 11, 1);
        for (double s : new double[] {0.1, 0.3333, 0.5, 0.875, 0.9999}) {
            float[] mask = calc.mask(w, shape, 0, s);
            int kept = Math.max(1, (int) Math.rint(w.length * (1 - s)));
            assertThat(w.length - zeros(mask)).as("s=%s", s).isEqualTo(kept);
        }
        assertThat(zeros(calc.mask(w, shape, 0, 0.0))).isZero();
    }

    @Test
    void quickselectAgreesWithSorting() {
        Random r = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(300);
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                // Few distinct values on some trials to exercise ties.
                a[i] = trial % 3 == 0 ? r.nextInt(4) : (float) Math.abs(r.nextGaussian());
            }
            float[] sorted = a.clone();
            java.util.Arrays.sort(sorted);
            int rank = r.nextInt(n);
            assertThat(TopKMask.select(a.clone(), rank)).isEqualTo(sorted[rank]);
        }
    }

    @Test
    void keepsTheLargestMagnitudes() {
        float[] w = {0.1f, -5f, 0.3f, 2f, -0.2f, 0f};
        float[] mask = MaskCalculator.unstructured().mask(w, new int[] {2, 3}, 0, 0.5);
        assertThat(mask).containsExactly(0f, 1f, 1f, 1f, 0f, 0f);
    }

    @Test
    void allEqualTensorKeepsTheLowestIndices() {
        float[] w = new float[10];
        java.util.Arrays.fill(w, 0.5f);
        float[] mask = MaskCalculator.unstructured().mask(w, new int[] {2, 5}, 0, 0.7);
        assertThat(mask).containsExactly(1f, 1f, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
    }

    @Test
    void atLeastOneWeightSurvivesExtremeSparsity() {
        float[] mask = TopKMask.keepLargest(TopKMask.magnitudes(gaussian(100, 3)), 1);
        assertThat(100 - zeros(mask)).isEqualTo(1);
        assertThat(TopKMask.keptCount(100, 0.9999)).isEqualTo(1);
    }

    @Test
    void masksNestWhenPrunedWeightsAreReZeroed() {
        MaskCalculator calc = MaskCalculator.unstructured();
        int[] shape = {24, 40};
        float[] w = gaussian(24 * 40, 4);
        Random drift = new Random(5);
        float[] previous = null;
        for (double s : new double[] {0.1, 0.3, 0.5, 0.7, 0.8}) {
            float[] mask = calc.mask(w, shape, 0, s);
            if (previous != null) {
                for (int i = 0; i < mask.length; i++) {
                    if (previous[i] == 0f) {
                        assertThat(mask[i]).as("index %d regrew", i).isZero();
                    }
                }
            }
            w = apply(w, mask);
            // A few "training steps": survivors move, pruned weights are re-zeroed.
            for (int i = 0; i < w.length; i++) {
                w[i] = (w[i] + 0.05f * (float) drift.nextGaussian()) * mask[i];
            }
            previous = mask;
        }
    }

    /**
     * Independent n:m checker for a [rows=in, cols=out] kernel: walks each column, groups rows (the
     * input axis) four at a time, with no reshape shared with the implementation.
     */
    private static void assertNmAlongRows(float[] mask, int rows, int cols, int n, int m) {
        for (int c = 0; c < cols; c++) {
            for (int r0 = 0; r0 < rows; r0 += m) {
                int kept = 0;
                for (int r = r0; r < r0 + m; r++) {
                    if (mask[r * cols + c] != 0f) {
                        kept++;
                    }
                }
                assertThat(kept).as("column %d rows %d..%d", c, r0, r0 + m - 1).isEqualTo(n);
            }
        }
    }

    @Test
    void nmGroupsRunAlongTheInputAxisOfANonSquareKernel() {
        int rows = 16; // input features: groups of 4 along this axis
        int cols = 6;
        NmPattern p = new NmPattern(2, 4);
        float[] w = gaussian(rows * cols, 7);
        float[] mask = p.mask(TopKMask.magnitudes(w), new int[] {rows, cols}, 0);
        assertNmAlongRows(mask, rows, cols, 2, 4);
        // The kept two of each group are its two largest magnitudes.
        for (int c = 0; c < cols; c++) {
            for (int r0 = 0; r0 < rows; r0 += 4) {
                float minKept = Float.MAX_VALUE;
                float maxDropped = -1;
                for (int r = r0; r < r0 + 4; r++) {
                    float a = Math.abs(w[r * cols + c]);
                    if (mask[r * cols + c] != 0f) {
                        minKept = Math.min(minKept, a);
                    } else {
                        maxDropped = Math.max(maxDropped, a);
                    }
                }
                assertThat(minKept).isGreaterThanOrEqualTo(maxDropped);
            }
        }
    }

    @Test
    void nmOnTheWrongAxisWouldFailTheChecker() {
        // Guards the checker itself: a mask grouped along the output axis is not valid along rows.
        int rows = 8;
        int cols = 8;
        float[] w = gaussian(rows * cols, 8);
        float[] alongCols =
                new NmPattern(2, 4).mask(TopKMask.magnitudes(w), new int[] {rows, cols}, 1);
        assertThatThrownBy(() -> assertNmAlongRows(alongCols, rows, cols, 2, 4))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void nmTiesKeepTheLaterPositions() {
        float[] mask = new NmPattern(2, 4).mask(new float[] {1, 1, 1, 1}, new int[] {4, 1}, 0);
        assertThat(mask).containsExactly(0f, 0f, 1f, 1f);
    }

    @Test
    void iterativeNmFollowsTheScheduleAndEndsExactlyNm() {
        int rows = 32;
        int cols = 12;
        int[] shape = {rows, cols};
        NmPattern p = new NmPattern(1, 4);
        MaskCalculator calc = MaskCalculator.iterativeNm(p);
        float[] w = gaussian(rows * cols, 9);
        for (double s : new double[] {0.05, 0.2, 0.4, 0.6, 0.75}) {
            float[] mask = calc.mask(w, shape, 0, s);
            int kept = Math.max(1, (int) Math.rint(w.length * (1 - s)));
            assertThat(w.length - zeros(mask)).as("s=%s", s).isEqualTo(kept);
            // Contains the n:m mask of the current weights.
            float[] nm = p.mask(TopKMask.magnitudes(w), shape, 0);
            for (int i = 0; i < nm.length; i++) {
                if (nm[i] != 0f) {
                    assertThat(mask[i]).isEqualTo(1f);
                }
            }
            w = apply(w, mask);
        }
        assertNmAlongRows(calc.mask(w, shape, 0, 0.75), rows, cols, 1, 4);
    }

    @Test
    void nmOnA3dTensorGroupsAlongTheGivenAxis() {
        int[] shape = {3, 8, 5};
        float[] w = gaussian(3 * 8 * 5, 10);
        float[] mask = new NmPattern(2, 4).mask(TopKMask.magnitudes(w), shape, 1);
        for (int a = 0; a < 3; a++) {
            for (int c = 0; c < 5; c++) {
                for (int b0 = 0; b0 < 8; b0 += 4) {
                    int kept = 0;
                    for (int b = b0; b < b0 + 4; b++) {
                        kept += mask[(a * 8 + b) * 5 + c] != 0f ? 1 : 0;
                    }
                    assertThat(kept).isEqualTo(2);
                }
            }
        }
    }

    @Test
    void badPatternsAreRejectedClearly() {
        assertThatThrownBy(() -> new NmPattern(4, 4))
                .isInstanceOf(BadArgumentException.class)
                .hasMessageContaining("--pattern 4:4");
        assertThatThrownBy(() -> new NmPattern(5, 4)).hasMessageContaining("1 <= n < m");
        assertThatThrownBy(
                        () ->
                                new NmPattern(2, 4)
                                        .checkShape("block0.mlp_out", new int[] {10, 8}, 0))
                .isInstanceOf(RunnerConfigException.class)
                .hasMessageContaining("block0.mlp_out")
                .hasMessageContaining("length 10");
    }
}
