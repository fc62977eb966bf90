package io.sparsesweep.runner.model;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The forward pass of a {@link ModelSpec} as TensorFlow ops: logits from tokens (lm) or pixels
 * (vit) over the model's parameter variables. Activations are flattened to {@code [batch·tokens,
 * d]} between blocks.
 */
final class TransformerGraph {
    private final Ops tf;
    private final ModelSpec spec;
    private final Map<String, Variable<TFloat32>> params;

    TransformerGraph(Ops tf, ModelSpec spec, Map<String, Variable<TFloat32>> params) {
        this.tf = tf;
        this.spec = spec;
        this.params = params;
    }

    /** The parameter as the forward pass reads it: W itself, whose pruned entries are 0. */
    private Operand<TFloat32> used(String name) {
        // W itself, not W⊙M: pruned entries are already exactly 0 (zeroed when a mask is set and
        // after every update), so the forward pass is the same and two element-wise multiplies
        // per masked kernel per step are saved. Pruned entries receive gradients and optimizer
        // moments as in jaxpruner; the post-update W ← W⊙M discards what they would change.
        return params.get(name);
    }

    /** Next-byte logits {@code [batch·seqLen, 256]} of token ids {@code [batch, seqLen]}. */
    Operand<TFloat32> lmLogits(Operand<TInt32> x) {
        int d = spec.width();
        Operand<TFloat32> h = tf.gather(used("embed.tokens"), x, tf.constant(0));
        h = tf.math.add(h, params.get("embed.positions"));
        h = tf.reshape(h, tf.constant(new int[] {-1, d}));
        float[][] causal = new float[spec.tokens()][spec.tokens()];
        for (int i = 0; i < causal.length; i++) {
            for (int j = i + 1; j < causal.length; j++) {
                causal[i][j] = -1e9f;
            }
        }
        Operand<TFloat32> bias = tf.constant(causal);
        for (int l = 0; l < spec.depth(); l++) {
            h = block(h, l, bias);
        }
        h = Layers.layerNorm(tf, h, params.get("final.ln_g"), params.get("final.ln_b"));
        return Layers.dense(tf, h, used("head.w"), params.get("head.b"));
    }

    /** Class logits {@code [batch, classes]} of grey images {@code [batch, height, width]}. */
    Operand<TFloat32> vitLogits(Operand<TFloat32> pixels) {
        int d = spec.width();
        int p = spec.patchSize();
        int gh = spec.imageHeight() / p;
        int gw = spec.imageWidth() / p;
        Operand<TFloat32> x = tf.reshape(pixels, tf.constant(new int[] {-1, gh, p, gw, p}));
        x = tf.linalg.transpose(x, tf.constant(new int[] {0, 1, 3, 2, 4}));
        x = tf.reshape(x, tf.constant(new int[] {-1, p * p}));
        Operand<TFloat32> h =
                Layers.dense(tf, x, used("embed.patches"), params.get("embed.patches_b"));
        h = tf.reshape(h, tf.constant(new int[] {-1, spec.tokens(), d}));
        h = tf.math.add(h, params.get("embed.positions"));
        h = tf.reshape(h, tf.constant(new int[] {-1, d}));
        for (int l = 0; l < spec.depth(); l++) {
            h = block(h, l, null);
        }
        h = Layers.layerNorm(tf, h, params.get("final.ln_g"), params.get("final.ln_b"));
        h = tf.reshape(h, tf.constant(new int[] {-1, spec.tokens(), d}));
        h = tf.math.mean(h, tf.constant(1));
        return Layers.dense(tf, h, used("head.w"), params.get("head.b"));
    }

    /** Pre-LN block on activations flattened to {@code [batch·tokens, d]}. */
    private Operand<TFloat32> block(Operand<TFloat32> x, int l, Operand<TFloat32> bias) {
        String b = "block" + l + ".";
        int d = spec.width();
        int heads = spec.heads();
        int hd = d / heads;
        int t = spec.tokens();
        Operand<TFloat32> a =
                Layers.layerNorm(tf, x, params.get(b + "ln1_g"), params.get(b + "ln1_b"));
        Operand<TFloat32> q = splitHeads(proj(a, b + "attn_q"), t, heads, hd);
        Operand<TFloat32> k = splitHeads(proj(a, b + "attn_k"), t, heads, hd);
        Operand<TFloat32> v = splitHeads(proj(a, b + "attn_v"), t, heads, hd);
        Operand<TFloat32> scores =
                tf.math.mul(
                        tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)),
                        tf.constant((float) (1.0 / Math.sqrt(hd))));
        if (bias != null) {
            scores = tf.math.add(scores, bias);
        }
        Operand<TFloat32> att = tf.train.batchMatMul(tf.nn.softmax(scores), v, TFloat32.class);
        att = tf.linalg.transpose(att, tf.constant(new int[] {0, 2, 1, 3}));
        att = tf.reshape(att, tf.constant(new int[] {-1, d}));
        x = tf.math.add(x, proj(att, b + "attn_o"));
        Operand<TFloat32> m =
                Layers.layerNorm(tf, x, params.get(b + "ln2_g"), params.get(b + "ln2_b"));
        m = Layers.gelu(tf, proj(m, b + "mlp_in"));
        return tf.math.add(x, proj(m, b + "mlp_out"));
    }

    private Operand<TFloat32> proj(Operand<TFloat32> x, String name) {
        return Layers.dense(tf, x, used(name), params.get(name + "_b"));
    }

    private Operand<TFloat32> splitHeads(Operand<TFloat32> x, int t, int heads, int hd) {
        Operand<TFloat32> r = tf.reshape(x, tf.constant(new int[] {-1, t, heads, hd}));
        return tf.linalg.transpose(r, tf.constant(new int[] {0, 2, 1, 3}));
    }
}
