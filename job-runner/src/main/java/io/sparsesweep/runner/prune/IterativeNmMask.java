package io.sparsesweep.runner.prune;

import java.util.Arrays;

/**
 * Gradual pruning towards n:m (the paper's Algorithm 1, jaxpruner's {@code iterative_nm}): every
 * group of m along the input axis keeps its n largest weights (the protected set), and the rest of
 * the budget {@code k = max(1, round(size·(1 − s)))} goes to the largest other weights of the
 * tensor. At {@code s = 1 − n/m} the mask is exactly n:m.
 *
 * <p>jaxpruner implements "protected first" by raising protected scores to {@code max(|w|) + 1e-5};
 * we order protected entries first explicitly, which is the same ranking without float ties. Ties
 * among unprotected entries keep the lower flat index, as unstructured top-k.
 */
final class IterativeNmMask implements MaskCalculator {
    private final NmPattern pattern;

    IterativeNmMask(NmPattern pattern) {
        this.pattern = pattern;
    }

    @Override
    public float[] mask(float[] w, int[] shape, int inputAxis, double sparsity) {
        if (sparsity <= 0) {
            float[] ones = new float[w.length];
            Arrays.fill(ones, 1f);
            return ones;
        }
        if (sparsity > pattern.sparsity() + 1e-12) {
            throw new IllegalArgumentException(
                    "sparsity " + sparsity + " above the n:m limit " + pattern.sparsity());
        }
        float[] score = TopKMask.magnitudes(w);
        float[] nm = pattern.mask(score, shape, inputAxis);
        int protectedCount = 0;
        for (float v : nm) {
            if (v != 0f) {
                protectedCount++;
            }
        }
        int k = Math.max(protectedCount, TopKMask.keptCount(w.length, sparsity));
        int rest = k - protectedCount;
        if (rest == 0) {
            return nm;
        }
        // Fill the remaining budget by magnitude among the unprotected entries.
        float[] others = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            others[i] = nm[i] != 0f ? -1f : score[i];
        }
        float[] extra = TopKMask.keepLargest(others, rest);
        float[] mask = nm.clone();
        for (int i = 0; i < w.length; i++) {
            if (extra[i] != 0f && nm[i] == 0f) {
                mask[i] = 1f;
            }
        }
        return mask;
    }

    @Override
    public void checkShape(String tensor, int[] shape, int inputAxis) {
        pattern.checkShape(tensor, shape, inputAxis);
    }

    @Override
    public String pattern() {
        return pattern.toString();
    }
}
