package io.sparsesweep.runner.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.sparsesweep.runner.data.Batch;
import io.sparsesweep.runner.model.ModelSpec;
import io.sparsesweep.runner.model.OptimizerSpec;
import io.sparsesweep.runner.model.ParamSpec;
import io.sparsesweep.runner.model.TrainingBackend;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The DJL/PyTorch (eager) implementation of {@link TrainingBackend}: the same parameters (names,
 * shapes, values from the trainer's shared initialisation), masks and optimizer state as {@code
 * TensorFlowBackend}, held as tensors of one {@link NDManager}.
 *
 * <p>A step: forward with autograd on, backward, then with autograd off every parameter is updated
 * in place by its rule and every masked one re-zeroed ({@code W ← W⊙M}); gradients are reset for
 * the next step (outside DJL's {@code Trainer} they would accumulate). Temporaries live in an
 * {@link NDScope} per call. Autograd mode is per thread in libtorch, so it is set in every call:
 * the local sweep runs several trials of this engine side by side in one JVM, which is also why
 * DJL's {@code GradientCollector} (one per JVM at a time) is not used.
 */
public final class DjlBackend implements TrainingBackend {
    private final ModelSpec spec;
    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final Map<String, NDArray> masks = new LinkedHashMap<>();
    private final Map<String, NDArray> state = new LinkedHashMap<>();
    private final Map<String, Map<String, NDArray>> stateOf = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private final DjlUpdateRule rule;
    private final DjlModel model;
    private Runnable afterForward = () -> {};

    /**
     * @param prunable names of the parameters that carry masks
     * @param threads libtorch intra-op threads (process-wide; 0 = every core)
     */
    public DjlBackend(ModelSpec spec, Set<String> prunable, OptimizerSpec optimizer, int threads) {
        DjlRuntime.threads(threads);
        Device device = DjlRuntime.device();
        this.spec = spec;
        this.manager = DjlRuntime.engine().newBaseManager(device);
        this.rule = DjlUpdateRule.of(optimizer);
        for (ParamSpec p : spec.params()) {
            NDArray w = zeros(p.name(), p.shape());
            w.setRequiresGradient(true);
            params.put(p.name(), w);
            if (prunable.contains(p.name())) {
                masks.put(p.name(), zeros(p.name() + ".mask", p.shape()));
            }
            Map<String, NDArray> own = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> s : optimizer.stateShapes(p).entrySet()) {
                NDArray a = zeros(s.getKey(), s.getValue());
                own.put(s.getKey(), a);
                state.put(s.getKey(), a);
            }
            stateOf.put(p.name(), own);
        }
        this.model = new DjlModel(spec, params, manager);
    }

    /**
     * Runs {@code hook} in every step between the forward and the backward pass, the window in
     * which autograd holds what the forward pass saved (tests force a garbage collection there).
     */
    void afterForward(Runnable hook) {
        this.afterForward = hook;
    }

    private NDArray zeros(String name, int[] dims) {
        shapes.put(name, dims);
        NDArray a = manager.zeros(shape(dims));
        a.setName(name);
        return a;
    }

    private static Shape shape(int[] dims) {
        return new Shape(Arrays.stream(dims).asLongStream().toArray());
    }

    /** Every variable a checkpoint holds, in a fixed order: parameters, masks, optimizer state. */
    private Map<String, NDArray> variables() {
        Map<String, NDArray> all = new LinkedHashMap<>(params);
        masks.forEach((k, v) -> all.put(k + ".mask", v));
        all.putAll(state);
        return all;
    }

    private static void grad(boolean on) {
        JniUtils.setGradMode(on);
    }

    private static void assign(NDArray target, float[] values) {
        target.set(FloatBuffer.wrap(values));
    }

    @Override
    public void initialize(Map<String, float[]> values) {
        grad(false);
        for (Map.Entry<String, NDArray> e : variables().entrySet()) {
            String name = e.getKey();
            float[] v = values.get(name);
            if (v == null) {
                v = new float[Math.toIntExact(e.getValue().size())];
                if (name.endsWith(".mask")) {
                    Arrays.fill(v, 1f);
                }
            }
            assign(e.getValue(), v);
        }
    }

    @Override
    public double step(Batch batch, long stepNumber, double learningRate) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            double value;
            grad(true);
            try {
                NDArray loss = model.loss(batch, manager);
                value = loss.getFloat();
                afterForward.run();
                JniUtils.backward(
                        (PtNDArray) loss, (PtNDArray) manager.ones(new Shape()), false, false);
            } finally {
                grad(false);
            }
            float lr = (float) learningRate;
            float t = (float) (stepNumber + 1);
            for (ParamSpec p : spec.params()) {
                NDArray w = params.get(p.name());
                NDArray g = w.getGradient();
                rule.update(p, w, g, stateOf.get(p.name()), lr, t);
                NDArray m = masks.get(p.name());
                if (m != null) {
                    w.muli(m);
                }
                JniUtils.zeroGrad((PtNDArray) w);
            }
            return value;
        }
    }

    @Override
    public double loss(Batch batch) {
        grad(false);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return model.loss(batch, manager).getFloat();
        }
    }

    @Override
    public float[] read(String param) {
        return params.get(param).toFloatArray();
    }

    @Override
    public float[] readMask(String param) {
        return masks.get(param).toFloatArray();
    }

    @Override
    public void setMask(String param, float[] mask) {
        grad(false);
        NDArray m = masks.get(param);
        assign(m, mask);
        params.get(param).muli(m);
    }

    @Override
    public void save(Path prefix) {
        Map<String, TensorFile.Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : variables().entrySet()) {
            out.put(
                    e.getKey(),
                    new TensorFile.Tensor(shapes.get(e.getKey()), e.getValue().toFloatArray()));
        }
        TensorFile.write(prefix, out);
    }

    @Override
    public void restore(Path prefix) {
        Map<String, NDArray> vars = variables();
        Map<String, int[]> expected = new LinkedHashMap<>();
        vars.keySet().forEach(k -> expected.put(k, shapes.get(k)));
        Map<String, TensorFile.Tensor> in = TensorFile.read(prefix, expected);
        grad(false);
        for (Map.Entry<String, NDArray> e : vars.entrySet()) {
            assign(e.getValue(), in.get(e.getKey()).values());
        }
    }

    @Override
    public String describe() {
        return DjlRuntime.describe();
    }

    @Override
    public void close() {
        manager.close();
    }
}
