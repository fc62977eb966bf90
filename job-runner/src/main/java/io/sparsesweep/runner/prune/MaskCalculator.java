package io.sparsesweep.runner.prune;

/** Computes a fresh 0/1 mask for one tensor from its current weights at a scheduled sparsity. */
public interface MaskCalculator {
    /**
     * @param w the current (already masked) weights, row-major
     * @param shape the tensor's shape
     * @param inputAxis the contracted axis of the matmul that uses the tensor
     * @param sparsity the fraction of zeros wanted, in [0, 1)
     */
    float[] mask(float[] w, int[] shape, int inputAxis, double sparsity);

    /** Fails with a configuration error if this calculator cannot handle the tensor. */
    default void checkShape(String tensor, int[] shape, int inputAxis) {}

    /** The pattern's name in results: "unstructured" or "n:m". */
    String pattern();

    /** Unstructured magnitude pruning per tensor (exact count, lower index wins ties). */
    static MaskCalculator unstructured() {
        return new MaskCalculator() {
            @Override
            public float[] mask(float[] w, int[] shape, int inputAxis, double sparsity) {
                if (sparsity <= 0) {
                    float[] ones = new float[w.length];
                    java.util.Arrays.fill(ones, 1f);
                    return ones;
                }
                return TopKMask.keepLargest(
                        TopKMask.magnitudes(w), TopKMask.keptCount(w.length, sparsity));
            }

            @Override
            public String pattern() {
                return "unstructured";
            }
        };
    }

    /** Gradual n:m (the paper's Algorithm 1 / jaxpruner's iterative_nm). */
    static MaskCalculator iterativeNm(NmPattern pattern) {
        return new IterativeNmMask(pattern);
    }
}
