package io.sparsesweep.runner.prune;

import io.sparsesweep.protocol.BadArgumentException;
import io.sparsesweep.runner.config.RunnerConfigException;

/**
 * The n:m pattern: in every group of {@code m} consecutive weights along the contracted (input)
 * axis of the matmul, keep the {@code n} largest by magnitude. Ties within a group keep the later
 * position, as jaxpruner's {@code NByM}. The text form is parsed by the trial protocol's {@code
 * SparsityPattern}.
 */
public record NmPattern(int n, int m) {
    public NmPattern {
        BadArgumentException.require(
                n >= 1 && m >= 2 && n < m,
                "--pattern",
                n + ":" + m,
                "n:m needs 1 <= n < m (n kept of every m), e.g. 2:4");
    }

    /** The sparsity of an exact n:m mask, {@code 1 − n/m}. */
    public double sparsity() {
        return 1.0 - (double) n / m;
    }

    /** Fails unless {@code m} divides the length of {@code shape[axis]}. */
    public void checkShape(String tensor, int[] shape, int axis) {
        if (shape[axis] % m != 0) {
            throw new RunnerConfigException(
                    "--pattern "
                            + this
                            + ": m="
                            + m
                            + " does not divide the input axis of "
                            + tensor
                            + " (length "
                            + shape[axis]
                            + "); choose sizes that are multiples of "
                            + m);
        }
    }

    /**
     * The exact n:m mask of {@code score} (row-major tensor of {@code shape}) with groups along
     * {@code axis}.
     */
    public float[] mask(float[] score, int[] shape, int axis) {
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        int len = shape[axis];
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        if (len % m != 0) {
            throw new IllegalArgumentException("axis length " + len + " not divisible by " + m);
        }
        float[] mask = new float[score.length];
        int[] idx = new int[m];
        for (int o = 0; o < outer; o++) {
            for (int g = 0; g < len; g += m) {
                for (int i = 0; i < inner; i++) {
                    for (int j = 0; j < m; j++) {
                        idx[j] = (o * len + g + j) * inner + i;
                    }
                    for (int j = 0; j < m; j++) {
                        float v = score[idx[j]];
                        int better = 0;
                        for (int l = 0; l < m; l++) {
                            float u = score[idx[l]];
                            if (u > v || (u == v && l > j)) {
                                better++;
                            }
                        }
                        if (better < n) {
                            mask[idx[j]] = 1f;
                        }
                    }
                }
            }
        }
        return mask;
    }

    @Override
    public String toString() {
        return n + ":" + m;
    }
}
