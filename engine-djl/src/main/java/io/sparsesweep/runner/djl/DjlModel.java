package io.sparsesweep.runner.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import io.sparsesweep.runner.data.Batch;
import io.sparsesweep.runner.model.ModelSpec;
import java.util.Map;

/**
 * The forward pass of {@link ModelSpec}'s two models on DJL's NDArray API, op for op the graph
 * {@code TensorFlowBackend} builds: pre-LN blocks {@code x + Attn(LN(x))}, {@code x + MLP(LN(x))},
 * separate q/k/v/o kernels {@code [in, out]} used as {@code x·W + b}, softmax attention scaled by
 * {@code 1/sqrt(head_dim)} (causal for lm: {@code −1e9} above the diagonal), tanh-GELU, LayerNorm
 * with ε = 1e-6, mean cross-entropy.
 *
 * <p>Where PyTorch has a fused kernel for the same function it is used, which changes rounding
 * only: LayerNorm ({@code layer_norm}), {@code x·W + b} ({@code linear}, one addmm), the byte
 * embedding lookup ({@code embedding}) and the loss (log-softmax + gather instead of TensorFlow's
 * softmax cross-entropy on one-hot labels). GELU stays composed, because libtorch's is the erf
 * form.
 *
 * <p>Every constant an op multiplies by is a tensor libtorch allocated, made once here, never DJL's
 * {@code x.mul(float)}: that wraps the float in a 0-d tensor whose storage is a Java direct buffer
 * and closes it right after the op, but with autograd on, libtorch's {@code MulBackward} keeps the
 * tensor until the backward pass. A garbage collection in between frees the buffer (libtorch does
 * not own it) and the backward pass multiplies by whatever the allocator wrote there: the engine's
 * intermittent "loss NaN" (docs/trainer.md; {@code DjlGradientLifetimeTest}).
 */
final class DjlModel {
    private static final float LN_EPS = 1e-6f;
    private static final float GELU_C = (float) Math.sqrt(2 / Math.PI);
    private final ModelSpec spec;
    private final Map<String, NDArray> params;
    private final NDArray causal;
    private final NDArray attentionScale;
    private final NDArray half;
    private final NDArray one;
    private final NDArray geluCubic;
    private final NDArray geluScale;

    DjlModel(ModelSpec spec, Map<String, NDArray> params, NDManager manager) {
        this.spec = spec;
        this.params = params;
        this.attentionScale =
                constant(manager, (float) (1.0 / Math.sqrt(spec.width() / spec.heads())));
        this.half = constant(manager, 0.5f);
        this.one = constant(manager, 1f);
        this.geluCubic = constant(manager, 0.044715f);
        this.geluScale = constant(manager, GELU_C);
        if ("lm".equals(spec.task())) {
            int t = spec.tokens();
            float[] bias = new float[t * t];
            for (int i = 0; i < t; i++) {
                for (int j = i + 1; j < t; j++) {
                    bias[i * t + j] = -1e9f;
                }
            }
            this.causal = manager.create(bias, new Shape(t, t));
        } else {
            this.causal = null;
        }
    }

    /** A 0-d float tensor in libtorch's own memory ({@code torch::full}), not a Java buffer. */
    private static NDArray constant(NDManager manager, float value) {
        return manager.full(new Shape(), value);
    }

    /** Mean cross-entropy of the batch (per token for lm, per image for vit). */
    NDArray loss(Batch batch, NDManager manager) {
        NDArray logits =
                "lm".equals(spec.task()) ? lmLogits(batch, manager) : vitLogits(batch, manager);
        NDArray labels =
                manager.create(batch.labels(), new Shape(batch.labels().length, 1))
                        .toType(DataType.INT64, false);
        return logits.logSoftmax(-1).gather(labels, 1).mean().neg();
    }

    private NDArray p(String name) {
        return params.get(name);
    }

    private NDArray lmLogits(Batch batch, NDManager manager) {
        int d = spec.width();
        NDArray tokens =
                manager.create(batch.tokens(), new Shape(batch.examples(), spec.tokens()))
                        .toType(DataType.INT64, false);
        NDArray table = p("embed.tokens");
        NDArray h =
                table.getNDArrayInternal()
                        .embedding(tokens, table, SparseFormat.DENSE)
                        .singletonOrThrow();
        h = h.add(p("embed.positions")).reshape(-1, d);
        for (int l = 0; l < spec.depth(); l++) {
            h = block(h, l, causal);
        }
        h = layerNorm(h, "final.ln_g", "final.ln_b");
        return dense(h, "head.w", "head.b");
    }

    private NDArray vitLogits(Batch batch, NDManager manager) {
        int d = spec.width();
        int ps = spec.patchSize();
        int gh = spec.imageHeight() / ps;
        int gw = spec.imageWidth() / ps;
        NDArray x =
                manager.create(
                        batch.pixels(),
                        new Shape(batch.examples(), spec.imageHeight(), spec.imageWidth()));
        x = x.reshape(-1, gh, ps, gw, ps).transpose(0, 1, 3, 2, 4).reshape(-1, ps * ps);
        NDArray h = dense(x, "embed.patches", "embed.patches_b");
        h = h.reshape(-1, spec.tokens(), d).add(p("embed.positions")).reshape(-1, d);
        for (int l = 0; l < spec.depth(); l++) {
            h = block(h, l, null);
        }
        h = layerNorm(h, "final.ln_g", "final.ln_b");
        h = h.reshape(-1, spec.tokens(), d).mean(new int[] {1});
        return dense(h, "head.w", "head.b");
    }

    /** Pre-LN block on activations flattened to {@code [batch·tokens, d]}. */
    private NDArray block(NDArray x, int l, NDArray bias) {
        String b = "block" + l + ".";
        int d = spec.width();
        int heads = spec.heads();
        int hd = d / heads;
        int t = spec.tokens();
        NDArray a = layerNorm(x, b + "ln1_g", b + "ln1_b");
        NDArray q = splitHeads(dense(a, b + "attn_q"), t, heads, hd);
        NDArray k = splitHeads(dense(a, b + "attn_k"), t, heads, hd);
        NDArray v = splitHeads(dense(a, b + "attn_v"), t, heads, hd);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(attentionScale);
        if (bias != null) {
            scores = scores.add(bias);
        }
        NDArray att = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(-1, d);
        x = x.add(dense(att, b + "attn_o"));
        NDArray m = layerNorm(x, b + "ln2_g", b + "ln2_b");
        m = gelu(dense(m, b + "mlp_in"));
        return x.add(dense(m, b + "mlp_out"));
    }

    private NDArray dense(NDArray x, String name) {
        return dense(x, name, name + "_b");
    }

    /** {@code x·W + b} with W stored {@code [in, out]}: linear takes {@code [out, in]}, a view. */
    private NDArray dense(NDArray x, String weight, String bias) {
        NDArray w = p(weight);
        return x.getNDArrayInternal().linear(x, w.transpose(), p(bias)).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, String gain, String bias) {
        return x.getNDArrayInternal()
                .layerNorm(x, new Shape(spec.width()), p(gain), p(bias), LN_EPS)
                .singletonOrThrow();
    }

    private static NDArray splitHeads(NDArray x, int t, int heads, int hd) {
        return x.reshape(-1, t, heads, hd).transpose(0, 2, 1, 3);
    }

    /** GELU, tanh approximation, composed as in the TensorFlow graph. */
    private NDArray gelu(NDArray x) {
        NDArray inner = x.mul(x).mul(x).mul(geluCubic).add(x).mul(geluScale);
        return x.mul(half).mul(inner.tanh().add(one));
    }
}
