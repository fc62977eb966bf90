package io.sparsesweep.runner.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds the one graph of a run and keeps its handles: every parameter, mask and optimizer-state
 * variable (each with an init feed; its name is its checkpoint key), the input and label
 * placeholders, the loss, one grouped "train step" op, and per masked tensor the ops that set its
 * mask and zero W. Building only; {@link TensorFlowBackend} runs it.
 *
 * <p>Choices forced by TF-Java 1.1.0 (see the feasibility probe): gradients come from {@code
 * Graph.addGradients} over the explicit parameter list (the framework's {@code minimize} would
 * train the masks); the loss is softmax cross-entropy on one-hot labels (the sparse variant has no
 * gradient); GELU and LayerNorm are composed. Masked tensors are re-zeroed with {@code W ← W⊙M}
 * after every update inside the same step, so the forward pass can read W directly.
 */
final class TrainingGraph {
    final Graph graph = new Graph();
    final Map<String, Variable<TFloat32>> params = new LinkedHashMap<>();
    final Map<String, Variable<TFloat32>> masks = new LinkedHashMap<>();
    final Map<String, Placeholder<TFloat32>> maskFeeds = new LinkedHashMap<>();
    final Map<String, List<Op>> maskSetters = new LinkedHashMap<>();
    final Map<String, int[]> shapes = new LinkedHashMap<>();
    final Map<String, Placeholder<TFloat32>> initFeeds = new LinkedHashMap<>();
    final List<Op> initOps = new ArrayList<>();
    final Placeholder<?> inputs;
    final Placeholder<TInt32> labels;
    final Placeholder<TFloat32> lrFeed;
    final Placeholder<TFloat32> stepFeed;
    final Operand<TFloat32> loss;
    final Op trainStep;
    private final ModelSpec spec;

    /** Builds the graph; the creation order of the ops is fixed (it names the unnamed ones). */
    /**
     * @param masked names of the parameters that carry masks
     */
    TrainingGraph(ModelSpec spec, Set<String> masked, OptimizerSpec optimizer) {
        this.spec = spec;
        Ops tf = Ops.create(graph);
        for (ParamSpec p : spec.params()) {
            params.put(p.name(), newVariable(tf, p.name(), p.shape()));
            if (masked.contains(p.name())) {
                masks.put(p.name(), newVariable(tf, p.name() + ".mask", p.shape()));
            }
        }
        this.lrFeed =
                tf.withName("lr").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        this.stepFeed =
                tf.withName("step").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        this.labels =
                tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        TransformerGraph forward = new TransformerGraph(tf, spec, params);
        Operand<TFloat32> logits;
        if ("lm".equals(spec.task())) {
            Placeholder<TInt32> x =
                    tf.withName("tokens")
                            .placeholder(
                                    TInt32.class, Placeholder.shape(Shape.of(-1, spec.tokens())));
            this.inputs = x;
            logits = forward.lmLogits(x);
        } else {
            Placeholder<TFloat32> x =
                    tf.withName("pixels")
                            .placeholder(
                                    TFloat32.class,
                                    Placeholder.shape(
                                            Shape.of(-1, spec.imageHeight(), spec.imageWidth())));
            this.inputs = x;
            logits = forward.vitLogits(x);
        }
        Operand<TFloat32> oneHot =
                tf.oneHot(labels, tf.constant(spec.vocab()), tf.constant(1f), tf.constant(0f));
        this.loss =
                tf.withName("loss")
                        .math
                        .mean(
                                tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(),
                                tf.constant(0));
        this.trainStep = buildTrainStep(tf, optimizer);
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
    }

    static Shape shape(int[] dims) {
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

    @SuppressWarnings("unchecked")
    private Op buildTrainStep(Ops tf, OptimizerSpec optimizer) {
        UpdateRule rule = UpdateRule.of(optimizer);
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
            Identity<TFloat32> id = tf.identity((Operand<TFloat32>) (Operand<?>) g);
            gradOps.add(id);
            gradValues.add(id);
        }
        Ops afterGrads = tf.withControlDependencies(gradOps);
        List<Op> done = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            ParamSpec p = spec.param(name);
            Map<String, Variable<TFloat32>> state = new LinkedHashMap<>();
            optimizer
                    .stateShapes(p)
                    .forEach(
                            (stateName, dims) ->
                                    state.put(stateName, newVariable(tf, stateName, dims)));
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
}
