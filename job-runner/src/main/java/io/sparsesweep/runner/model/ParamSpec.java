package io.sparsesweep.runner.model;

import java.util.Arrays;

/**
 * One trainable tensor of the model: its stable name (the checkpoint key), shape (kernels are
 * {@code [in, out]}, used as {@code y = x·W}), role, and the contracted axis of the matmul that
 * reads it (where n:m groups run).
 */
public record ParamSpec(String name, int[] shape, Kind kind, int inputAxis) {
    /** What a tensor is, which decides whether it can be pruned and whether it counts in N. */
    public enum Kind {
        /**
         * Attention q/k/v/o and MLP kernels of a transformer block: always pruned, counted in N.
         */
        BLOCK_KERNEL,
        /** Token embedding (lm) or patch embedding (vit): pruned only with --prune-embeddings. */
        EMBEDDING,
        /** The output head kernel: pruned only with --prune-embeddings. */
        HEAD,
        /** Learned position table: never pruned (as the paper's T5 relative-position table). */
        POSITION,
        /** Biases: never pruned. */
        BIAS,
        /** Layer-norm gains and offsets: never pruned. */
        NORM
    }

    public long size() {
        long s = 1;
        for (int d : shape) {
            s *= d;
        }
        return s;
    }

    /** Whether this tensor gets a mask under the given embedding switch. */
    public boolean prunable(boolean pruneEmbeddings) {
        return switch (kind) {
            case BLOCK_KERNEL -> true;
            case EMBEDDING, HEAD -> pruneEmbeddings;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSpec p
                && p.name.equals(name)
                && Arrays.equals(p.shape, shape)
                && p.kind == kind
                && p.inputAxis == inputAxis;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
}
