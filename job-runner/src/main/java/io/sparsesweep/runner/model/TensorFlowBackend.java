package io.sparsesweep.runner.model;

import io.sparsesweep.runner.data.Batch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The TensorFlow-Java (graph mode) implementation of {@link TrainingBackend}: one graph holding the
 * model of a {@link ModelSpec}, masks, optimizer state and one grouped "train step" op.
 *
 * <p>Choices forced by TF-Java 1.1.0 (see the feasibility probe): gradients come from {@code
 * Graph.addGradients} over the explicit parameter list (the framework's {@code minimize} would
 * train the masks); the loss is softmax cross-entropy on one-hot labels (the sparse variant has no
 * gradient); GELU and LayerNorm are composed. Every variable has a stable name, which is its
 * checkpoint key. Masked tensors are zeroed when their mask is set and re-zeroed with {@code W ←
 * W⊙M} after every update inside the same step, so the forward pass can read W directly.
 */
public final class TensorFlowBackend implements TrainingBackend {
    private final ModelSpec spec;
    private final Graph graph;
    private final Session session;
    private final Map<String, Variable<TFloat32>> params = new LinkedHashMap<>();
    private final Map<String, Variable<TFloat32>> masks = new LinkedHashMap<>();
    private final Map<String, Placeholder<TFloat32>> maskFeeds = new LinkedHashMap<>();
    private final Map<String, List<Op>> maskSetters = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private final Map<String, Placeholder<TFloat32>> initFeeds = new LinkedHashMap<>();
    private final List<Op> initOps = new ArrayList<>();
    private final Placeholder<?> inputs;
    private final Placeholder<TInt32> labels;
    private final Placeholder<TFloat32> lrFeed;
    private final Placeholder<TFloat32> stepFeed;
    private final Operand<TFloat32> loss;
    private final Op trainStep;

    /**
     * @param prunable names of the parameters that carry masks
     * @param optimizer "adamw" or "adafactor"
     * @param threads intra-op threads (inter-op: min(2, threads))
     */
    public TensorFlowBackend(
            ModelSpec spec,
            Set<String> prunable,
            String optimizer,
            double weightDecay,
            boolean adafactorFactored,
            int threads) {
        this.spec = spec;
        this.graph = new Graph();
        Ops tf = Ops.create(graph);
        for (ParamSpec p : spec.params()) {
            params.put(p.name(), newVariable(tf, p.name(), p.shape()));
            if (prunable.contains(p.name())) {
                masks.put(p.name(), newVariable(tf, p.name() + ".mask", p.shape()));
            }
        }
        this.lrFeed =
                tf.withName("lr").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        this.stepFeed =
                tf.withName("step").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        this.labels =
                tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Operand<TFloat32> logits;
        if ("lm".equals(spec.task())) {
            Placeholder<TInt32> x =
                    tf.withName("tokens")
                            .placeholder(
                                    TInt32.class, Placeholder.shape(Shape.of(-1, spec.tokens())));
            this.inputs = x;
            logits = lmLogits(tf, x);
        } else {
            Placeholder<TFloat32> x =
                    tf.withName("pixels")
                            .placeholder(
                                    TFloat32.class,
                                    Placeholder.shape(
                                            Shape.of(-1, spec.imageHeight(), spec.imageWidth())));
            this.inputs = x;
            logits = vitLogits(tf, x);
        }
        Operand<TFloat32> oneHot =
                tf.oneHot(labels, tf.constant(spec.vocab()), tf.constant(1f), tf.constant(0f));
        this.loss =
                tf.withName("loss")
                        .math
                        .mean(
                                tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(),
                                tf.constant(0));
        this.trainStep =
                buildTrainStep(
                        tf,
                        "adamw".equals(optimizer)
                                ? new AdamWRule(weightDecay)
                                : new AdaFactorRule(adafactorFactored, weightDecay));
        for (Map.Entry<String, Variable<TFloat32>> e : masks.entrySet()) {
            String name = e.getKey();
            Placeholder<TFloat32> feed =
                    tf.withName(name + ".mask_feed")
                            .placeholder(
                                    TFloat32.class, Placeholder.shape(shape(shapes.get(name))));
            maskFeeds.put(name, feed);
            Variable<TFloat32> w = params.get(name);
            maskSetters.put(
                    name,
                    List.of(tf.assign(e.getValue(), feed), tf.assign(w, tf.math.mul(w, feed))));
        }
        int intra = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ConfigProto config =
                ConfigProto.newBuilder()
                        .setIntraOpParallelismThreads(intra)
                        .setInterOpParallelismThreads(Math.min(2, intra))
                        // GPU builds (-Pgpu): TensorFlow places ops on the GPU when one is
                        // visible; ops without a GPU kernel fall back to the CPU.
                        .setAllowSoftPlacement(true)
                        .build();
        this.session = new Session(graph, config);
    }

    private static Shape shape(int[] dims) {
        long[] l = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            l[i] = dims[i];
        }
        return Shape.of(l);
    }

    private Variable<TFloat32> newVariable(Ops tf, String name, int[] dims) {
        Variable<TFloat32> v = tf.withName(name).variable(shape(dims), TFloat32.class);
        Placeholder<TFloat32> feed =
                tf.withName("init." + name)
                        .placeholder(TFloat32.class, Placeholder.shape(shape(dims)));
        initFeeds.put(name, feed);
        initOps.add(tf.assign(v, feed));
        shapes.put(name, dims);
        return v;
    }

    /** The parameter as the forward pass reads it: W itself, whose pruned entries are 0. */
    private Operand<TFloat32> used(Ops tf, String name) {
        // W itself, not W⊙M: pruned entries are already exactly 0 (zeroed when a mask is set and
        // after every update), so the forward pass is the same and two element-wise multiplies
        // per masked kernel per step are saved. Pruned entries receive gradients and optimizer
        // moments as in jaxpruner; the post-update W ← W⊙M discards what they would change.
        return params.get(name);
    }

    private Operand<TFloat32> lmLogits(Ops tf, Operand<TInt32> x) {
        int d = spec.width();
        Operand<TFloat32> h = tf.gather(used(tf, "embed.tokens"), x, tf.constant(0));
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
            h = block(tf, h, l, bias);
        }
        h = Layers.layerNorm(tf, h, params.get("final.ln_g"), params.get("final.ln_b"));
        return Layers.dense(tf, h, used(tf, "head.w"), params.get("head.b"));
    }

    private Operand<TFloat32> vitLogits(Ops tf, Operand<TFloat32> pixels) {
        int d = spec.width();
        int p = spec.patchSize();
        int gh = spec.imageHeight() / p;
        int gw = spec.imageWidth() / p;
        Operand<TFloat32> x = tf.reshape(pixels, tf.constant(new int[] {-1, gh, p, gw, p}));
        x = tf.linalg.transpose(x, tf.constant(new int[] {0, 1, 3, 2, 4}));
        x = tf.reshape(x, tf.constant(new int[] {-1, p * p}));
        Operand<TFloat32> h =
                Layers.dense(tf, x, used(tf, "embed.patches"), params.get("embed.patches_b"));
        h = tf.reshape(h, tf.constant(new int[] {-1, spec.tokens(), d}));
        h = tf.math.add(h, params.get("embed.positions"));
        h = tf.reshape(h, tf.constant(new int[] {-1, d}));
        for (int l = 0; l < spec.depth(); l++) {
            h = block(tf, h, l, null);
        }
        h = Layers.layerNorm(tf, h, params.get("final.ln_g"), params.get("final.ln_b"));
        h = tf.reshape(h, tf.constant(new int[] {-1, spec.tokens(), d}));
        h = tf.math.mean(h, tf.constant(1));
        return Layers.dense(tf, h, used(tf, "head.w"), params.get("head.b"));
    }

    /** Pre-LN block on activations flattened to {@code [batch·tokens, d]}. */
    private Operand<TFloat32> block(Ops tf, Operand<TFloat32> x, int l, Operand<TFloat32> bias) {
        String b = "block" + l + ".";
        int d = spec.width();
        int heads = spec.heads();
        int hd = d / heads;
        int t = spec.tokens();
        Operand<TFloat32> a =
                Layers.layerNorm(tf, x, params.get(b + "ln1_g"), params.get(b + "ln1_b"));
        Operand<TFloat32> q = splitHeads(tf, proj(tf, a, b + "attn_q"), t, heads, hd);
        Operand<TFloat32> k = splitHeads(tf, proj(tf, a, b + "attn_k"), t, heads, hd);
        Operand<TFloat32> v = splitHeads(tf, proj(tf, a, b + "attn_v"), t, heads, hd);
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
        x = tf.math.add(x, proj(tf, att, b + "attn_o"));
        Operand<TFloat32> m =
                Layers.layerNorm(tf, x, params.get(b + "ln2_g"), params.get(b + "ln2_b"));
        m = Layers.gelu(tf, proj(tf, m, b + "mlp_in"));
        return tf.math.add(x, proj(tf, m, b + "mlp_out"));
    }

    private Operand<TFloat32> proj(Ops tf, Operand<TFloat32> x, String name) {
        return Layers.dense(tf, x, used(tf, name), params.get(name + "_b"));
    }

    private static Operand<TFloat32> splitHeads(
            Ops tf, Operand<TFloat32> x, int t, int heads, int hd) {
        Operand<TFloat32> r = tf.reshape(x, tf.constant(new int[] {-1, t, heads, hd}));
        return tf.linalg.transpose(r, tf.constant(new int[] {0, 2, 1, 3}));
    }

    @SuppressWarnings("unchecked")
    private Op buildTrainStep(Ops tf, UpdateRule rule) {
        List<String> names = new ArrayList<>(params.keySet());
        Output<?>[] xs = new Output<?>[names.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = params.get(names.get(i)).asOutput();
        }
        Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
        // Every update waits for every gradient: the backward pass reads the weights, and a
        // weight must not change before all its readers have run.
        List<Op> gradOps = new ArrayList<>();
        List<Operand<TFloat32>> gradValues = new ArrayList<>();
        for (Output<?> g : grads) {
            org.tensorflow.op.core.Identity<TFloat32> id =
                    tf.identity((Operand<TFloat32>) (Operand<?>) g);
            gradOps.add(id);
            gradValues.add(id);
        }
        Ops afterGrads = tf.withControlDependencies(gradOps);
        List<Op> done = new ArrayList<>();
        UpdateRule.StateFactory state = (name, dims) -> newVariable(tf, name, dims);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            ParamSpec p = spec.param(name);
            Op update =
                    rule.update(
                            afterGrads,
                            p,
                            params.get(name),
                            gradValues.get(i),
                            lrFeed,
                            stepFeed,
                            state);
            Variable<TFloat32> m = masks.get(name);
            if (m == null) {
                done.add(update);
            } else {
                Ops after = tf.withControlDependencies(List.of(update));
                Variable<TFloat32> w = params.get(name);
                done.add(after.assign(w, after.math.mul(w, m)));
            }
        }
        return tf.withName("train_step").withControlDependencies(done).noOp();
    }

    @Override
    public void initialize(Map<String, float[]> values) {
        List<Tensor> owned = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (Map.Entry<String, Placeholder<TFloat32>> e : initFeeds.entrySet()) {
                String name = e.getKey();
                int[] dims = shapes.get(name);
                float[] v = values.get(name);
                if (v == null) {
                    v = new float[size(dims)];
                    if (name.endsWith(".mask")) {
                        java.util.Arrays.fill(v, 1f);
                    }
                }
                TFloat32 t = floats(dims, v);
                owned.add(t);
                r.feed(e.getValue(), t);
            }
            for (Op op : initOps) {
                r.addTarget(op);
            }
            r.run().close();
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    private static int size(int[] dims) {
        int s = 1;
        for (int d : dims) {
            s *= d;
        }
        return s;
    }

    private static TFloat32 floats(int[] dims, float[] v) {
        return TFloat32.tensorOf(shape(dims), DataBuffers.of(v, true, false));
    }

    private Session.Runner feedBatch(Session.Runner r, Batch batch, List<Tensor> owned) {
        Tensor x;
        if (batch.tokens() != null) {
            x =
                    TInt32.tensorOf(
                            Shape.of(batch.examples(), spec.tokens()),
                            DataBuffers.of(batch.tokens(), true, false));
        } else {
            x =
                    TFloat32.tensorOf(
                            Shape.of(batch.examples(), spec.imageHeight(), spec.imageWidth()),
                            DataBuffers.of(batch.pixels(), true, false));
        }
        owned.add(x);
        TInt32 y =
                TInt32.tensorOf(
                        Shape.of(batch.labels().length),
                        DataBuffers.of(batch.labels(), true, false));
        owned.add(y);
        return r.feed(inputs, x).feed(labels, y);
    }

    @Override
    public double step(Batch batch, long stepNumber, double learningRate) {
        List<Tensor> owned = new ArrayList<>();
        try {
            TFloat32 lr = TFloat32.scalarOf((float) learningRate);
            owned.add(lr);
            TFloat32 t = TFloat32.scalarOf((float) (stepNumber + 1));
            owned.add(t);
            Session.Runner r =
                    feedBatch(session.runner(), batch, owned).feed(lrFeed, lr).feed(stepFeed, t);
            try (Result res = r.fetch(loss).addTarget(trainStep).run()) {
                return ((TFloat32) res.get(0)).getFloat();
            }
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    @Override
    public double loss(Batch batch) {
        List<Tensor> owned = new ArrayList<>();
        try (Result res = feedBatch(session.runner(), batch, owned).fetch(loss).run()) {
            return ((TFloat32) res.get(0)).getFloat();
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    private float[] fetch(Operand<TFloat32> v, int[] dims) {
        try (Result res = session.runner().fetch(v).run()) {
            float[] out = new float[size(dims)];
            ((TFloat32) res.get(0)).copyTo(DataBuffers.of(out, false, false));
            return out;
        }
    }

    @Override
    public float[] read(String param) {
        return fetch(params.get(param), shapes.get(param));
    }

    @Override
    public float[] readMask(String param) {
        return fetch(masks.get(param), shapes.get(param));
    }

    @Override
    public void setMask(String param, float[] mask) {
        try (TFloat32 m = floats(shapes.get(param), mask)) {
            Session.Runner r = session.runner().feed(maskFeeds.get(param), m);
            for (Op op : maskSetters.get(param)) {
                r.addTarget(op);
            }
            r.run().close();
        }
    }

    @Override
    public void save(Path prefix) {
        session.save(prefix.toString());
    }

    @Override
    public void restore(Path prefix) {
        session.restore(prefix.toString());
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
