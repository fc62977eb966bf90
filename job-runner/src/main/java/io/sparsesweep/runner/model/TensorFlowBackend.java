package io.sparsesweep.runner.model;

import io.sparsesweep.runner.data.Batch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The TensorFlow-Java (graph mode) implementation of {@link TrainingBackend}: the session that runs
 * the {@link TrainingGraph} of a model. It feeds batches, learning rates, masks and initial values,
 * fetches losses and tensors, and saves and restores every variable. Native tensors are closed as
 * soon as a run is over.
 */
public final class TensorFlowBackend implements TrainingBackend {
    // Before any TensorFlow class loads its native library, which reads the switch once.
    private static final boolean ONE_DNN = OneDnn.prepareProcess();
    private final ModelSpec spec;
    private final TrainingGraph g;
    private final Session session;
    private final int intraThreads;
    private final boolean xla;
    private final String device;

    /** A backend without XLA. */
    public TensorFlowBackend(
            ModelSpec spec, Set<String> masked, OptimizerSpec optimizer, int threads) {
        this(spec, masked, optimizer, threads, false);
    }

    /**
     * @param masked names of the parameters that carry masks
     * @param threads intra-op threads (inter-op: min(2, threads)); 0 = all cores
     * @param xla compile with XLA's CPU JIT ({@link XlaJit}); the graph, its variables and so the
     *     checkpoints are the same either way
     */
    public TensorFlowBackend(
            ModelSpec spec, Set<String> masked, OptimizerSpec optimizer, int threads, boolean xla) {
        this.spec = spec;
        this.g = new TrainingGraph(spec, masked, optimizer);
        int intra = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.intraThreads = intra;
        this.xla = xla;
        ConfigProto.Builder config =
                ConfigProto.newBuilder()
                        .setIntraOpParallelismThreads(intra)
                        .setInterOpParallelismThreads(Math.min(2, intra))
                        // GPU builds (-Pgpu): TensorFlow places ops on the GPU when one is
                        // visible; ops without a GPU kernel fall back to the CPU.
                        .setAllowSoftPlacement(true);
        XlaJit.prepareProcess();
        ConfigProto built = (xla ? XlaJit.enable(config) : config).build();
        this.session = new Session(g.graph, built);
        this.device =
                TrainingDevice.describe(
                        TensorFlowDevices.gpuBuild(), TensorFlowDevices.list(built));
    }

    @Override
    public void initialize(Map<String, float[]> values) {
        List<Tensor> owned = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (Map.Entry<String, Placeholder<TFloat32>> e : g.initFeeds.entrySet()) {
                String name = e.getKey();
                int[] dims = g.shapes.get(name);
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
            for (Op op : g.initOps) {
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
        return TFloat32.tensorOf(TrainingGraph.shape(dims), DataBuffers.of(v, true, false));
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
        return r.feed(g.inputs, x).feed(g.labels, y);
    }

    @Override
    public double step(Batch batch, long stepNumber, double learningRate) {
        List<Tensor> owned = new ArrayList<>();
        try {
            Session.Runner r = stepRunner(batch, stepNumber, learningRate, owned);
            try (Result res = r.fetch(g.loss).addTarget(g.trainStep).run()) {
                return ((TFloat32) res.get(0)).getFloat();
            }
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    /**
     * A runner fed with one step's batch, learning rate and the optimizer's step count t (from 1);
     * the tensors it creates go to {@code owned} for the caller to close.
     */
    private Session.Runner stepRunner(
            Batch batch, long stepNumber, double learningRate, List<Tensor> owned) {
        TFloat32 lr = TFloat32.scalarOf((float) learningRate);
        owned.add(lr);
        TFloat32 t = TFloat32.scalarOf((float) (stepNumber + 1));
        owned.add(t);
        return feedBatch(session.runner(), batch, owned).feed(g.lrFeed, lr).feed(g.stepFeed, t);
    }

    /** The kernels (op types after TensorFlow's rewrites) that one training step runs. */
    Set<String> kernelsOfOneStep(Batch batch, long stepNumber, double learningRate) {
        List<Tensor> owned = new ArrayList<>();
        try {
            Session.Runner r =
                    stepRunner(batch, stepNumber, learningRate, owned)
                            .addTarget(g.trainStep)
                            .setOptions(
                                    RunOptions.newBuilder()
                                            .setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)
                                            .build());
            Set<String> kernels = new TreeSet<>();
            try (Result res = r.runAndFetchMetadata()) {
                for (DeviceStepStats dev :
                        res.getMetadata().orElseThrow().getStepStats().getDevStatsList()) {
                    for (NodeExecStats n : dev.getNodeStatsList()) {
                        // "name = OpType(inputs)"
                        String label = n.getTimelineLabel();
                        int eq = label.indexOf(" = ");
                        int paren = label.indexOf('(', eq + 3);
                        if (eq >= 0 && paren > eq) {
                            kernels.add(label.substring(eq + 3, paren));
                        }
                    }
                }
            }
            return kernels;
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    @Override
    public double loss(Batch batch) {
        List<Tensor> owned = new ArrayList<>();
        try (Result res = feedBatch(session.runner(), batch, owned).fetch(g.loss).run()) {
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
        return fetch(g.params.get(param), g.shapes.get(param));
    }

    @Override
    public float[] readMask(String param) {
        return fetch(g.masks.get(param), g.shapes.get(param));
    }

    @Override
    public void setMask(String param, float[] mask) {
        try (TFloat32 m = floats(g.shapes.get(param), mask)) {
            Session.Runner r = session.runner().feed(g.maskFeeds.get(param), m);
            for (Op op : g.maskSetters.get(param)) {
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
    public String describe() {
        return "engine tensorflow: "
                + device
                + ", TensorFlow "
                + org.tensorflow.TensorFlow.version()
                + " (graph mode), "
                + intraThreads
                + " intra-op threads, oneDNN "
                + (ONE_DNN ? "on" : "off")
                + ", XLA "
                + (xla ? "on (CPU JIT auto-clustering)" : "off");
    }

    @Override
    public void close() {
        session.close();
        g.graph.close();
    }
}
