package io.sparsesweep.runner.model;

import io.sparsesweep.protocol.BadArgumentException;
import java.util.ArrayList;
import java.util.List;

/**
 * The architecture of one run, independent of TensorFlow: sizes and the list of parameters, so that
 * parameter counts can be computed (and tested) without building a graph.
 *
 * <p>Both tasks use the same pre-LN block: {@code x + Attn(LN(x))}, then {@code x + MLP(LN(x))},
 * attention with separate q/k/v/o kernels and biases, a GELU MLP of width {@code mlpRatio·d}.
 * {@code lm}: byte embedding (256) + learned positions, causal attention, final LN, untied head to
 * 256 logits. {@code vit}: non-overlapping {@code p×p} patches linearly embedded + learned
 * positions, bidirectional attention, final LN, mean pooling over patches, head to the classes.
 */
public record ModelSpec(
        String task,
        int width,
        int depth,
        int heads,
        int mlpWidth,
        int tokens,
        int vocab,
        int patchSize,
        int imageHeight,
        int imageWidth,
        List<ParamSpec> params) {

    public static final int BYTE_VOCAB = 256;

    public static ModelSpec lm(int width, int depth, int heads, double mlpRatio, int seqLen) {
        return build("lm", width, depth, heads, mlpRatio, seqLen, BYTE_VOCAB, 0, 0, 0);
    }

    public static ModelSpec vit(
            int width,
            int depth,
            int heads,
            double mlpRatio,
            int patch,
            int imageHeight,
            int imageWidth,
            int classes) {
        BadArgumentException.require(
                imageHeight % patch == 0 && imageWidth % patch == 0,
                "--patch-size",
                patch,
                "must divide the image size " + imageHeight + "x" + imageWidth);
        int tokens = (imageHeight / patch) * (imageWidth / patch);
        return build(
                "vit",
                width,
                depth,
                heads,
                mlpRatio,
                tokens,
                classes,
                patch,
                imageHeight,
                imageWidth);
    }

    private static ModelSpec build(
            String task,
            int d,
            int depth,
            int heads,
            double mlpRatio,
            int tokens,
            int vocab,
            int patch,
            int ih,
            int iw) {
        BadArgumentException.require(d % heads == 0, "--heads", heads, "must divide width " + d);
        int f = Math.max(1, (int) Math.round(d * mlpRatio));
        List<ParamSpec> p = new ArrayList<>();
        if ("lm".equals(task)) {
            p.add(new ParamSpec("embed.tokens", new int[] {vocab, d}, ParamSpec.Kind.EMBEDDING, 0));
        } else {
            p.add(
                    new ParamSpec(
                            "embed.patches",
                            new int[] {patch * patch, d},
                            ParamSpec.Kind.EMBEDDING,
                            0));
            p.add(new ParamSpec("embed.patches_b", new int[] {d}, ParamSpec.Kind.BIAS, 0));
        }
        p.add(new ParamSpec("embed.positions", new int[] {tokens, d}, ParamSpec.Kind.POSITION, 0));
        for (int l = 0; l < depth; l++) {
            String b = "block" + l + ".";
            p.add(new ParamSpec(b + "ln1_g", new int[] {d}, ParamSpec.Kind.NORM, 0));
            p.add(new ParamSpec(b + "ln1_b", new int[] {d}, ParamSpec.Kind.NORM, 0));
            for (String k : new String[] {"q", "k", "v", "o"}) {
                p.add(
                        new ParamSpec(
                                b + "attn_" + k, new int[] {d, d}, ParamSpec.Kind.BLOCK_KERNEL, 0));
                p.add(new ParamSpec(b + "attn_" + k + "_b", new int[] {d}, ParamSpec.Kind.BIAS, 0));
            }
            p.add(new ParamSpec(b + "ln2_g", new int[] {d}, ParamSpec.Kind.NORM, 0));
            p.add(new ParamSpec(b + "ln2_b", new int[] {d}, ParamSpec.Kind.NORM, 0));
            p.add(new ParamSpec(b + "mlp_in", new int[] {d, f}, ParamSpec.Kind.BLOCK_KERNEL, 0));
            p.add(new ParamSpec(b + "mlp_in_b", new int[] {f}, ParamSpec.Kind.BIAS, 0));
            p.add(new ParamSpec(b + "mlp_out", new int[] {f, d}, ParamSpec.Kind.BLOCK_KERNEL, 0));
            p.add(new ParamSpec(b + "mlp_out_b", new int[] {d}, ParamSpec.Kind.BIAS, 0));
        }
        p.add(new ParamSpec("final.ln_g", new int[] {d}, ParamSpec.Kind.NORM, 0));
        p.add(new ParamSpec("final.ln_b", new int[] {d}, ParamSpec.Kind.NORM, 0));
        p.add(new ParamSpec("head.w", new int[] {d, vocab}, ParamSpec.Kind.HEAD, 0));
        p.add(new ParamSpec("head.b", new int[] {vocab}, ParamSpec.Kind.BIAS, 0));
        return new ModelSpec(
                task, d, depth, heads, f, tokens, vocab, patch, ih, iw, List.copyOf(p));
    }

    public ParamSpec param(String name) {
        for (ParamSpec p : params) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no parameter " + name);
    }

    /** Every trainable parameter. */
    public long totalParams() {
        return params.stream().mapToLong(ParamSpec::size).sum();
    }

    /** Entries of the tensors that carry masks. */
    public long prunableParams(boolean pruneEmbeddings) {
        return params.stream()
                .filter(p -> p.prunable(pruneEmbeddings))
                .mapToLong(ParamSpec::size)
                .sum();
    }

    /**
     * Entries of the transformer-block weight matrices (attention q/k/v/o and MLP kernels): the
     * dense size behind the scaling law's N. Embeddings, positions, head, biases and norms are
     * excluded, as in the paper.
     */
    public long blockParams() {
        return params.stream()
                .filter(p -> p.kind() == ParamSpec.Kind.BLOCK_KERNEL)
                .mapToLong(ParamSpec::size)
                .sum();
    }

    /**
     * The part of {@link #trainFlopsPerExample()} in the transformer-block matmuls: {@code 6 ×
     * blockParams × tokens}, the only part that sparse kernels could skip.
     */
    public double blockFlopsPerExample() {
        return 6.0 * blockParams() * tokens;
    }

    /**
     * Training FLOPs per example (forward + backward = 3 × forward, multiply-add = 2): the dense
     * matmuls of every token plus the attention score and value products, which are computed in
     * full (masks simulate sparsity, so pruned weights cost the same).
     */
    public double trainFlopsPerExample() {
        double matmulParams = 0;
        for (ParamSpec p : params) {
            if (p.kind() == ParamSpec.Kind.BLOCK_KERNEL
                    || (p.kind() == ParamSpec.Kind.EMBEDDING && "vit".equals(task))) {
                matmulParams += p.size();
            }
        }
        double perToken = 2 * matmulParams + 2.0 * 2 * depth * tokens * width;
        double forward = perToken * tokens;
        // Head: per token for lm, once per image (after pooling) for vit.
        double head = 2.0 * width * vocab * ("lm".equals(task) ? tokens : 1);
        return 3 * (forward + head);
    }
}
