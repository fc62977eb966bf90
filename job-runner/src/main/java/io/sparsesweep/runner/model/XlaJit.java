package io.sparsesweep.runner.model;

import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;

/**
 * XLA's CPU JIT for a graph-mode session: auto-clustering, which lets TensorFlow compile clusters
 * of the graph (the element-wise work of layer norm, GELU, softmax and the optimizer around the
 * matmuls) into fused CPU code.
 *
 * <p>Two switches are needed. The session's {@code global_jit_level} turns auto-clustering on for
 * that session; but TensorFlow registers the CPU as a JIT device that clusters only on explicit
 * request unless its process-wide flag {@code tf_xla_cpu_global_jit} is set. Python sets that flag
 * through {@code TF_XLA_FLAGS}, read from the environment, which a JVM cannot change; the C API's
 * {@code TF_SetTfXlaCpuGlobalJit} sets it directly. The flag alone changes nothing: a session whose
 * level is off (the default) still clusters nothing, so runs without XLA in the same process are
 * unaffected.
 *
 * <p>Lazy compilation is switched off (process-wide too; it only concerns XLA clusters): lazily, a
 * cluster's first executions run TensorFlow's own kernels and only later ones the compiled code, so
 * the first steps after every start, including a resume, would round differently from the steady
 * state and a resumed run would not reproduce the uninterrupted one.
 *
 * <p>TensorFlow fixes the CPU JIT device's clustering policy from that flag when the process's
 * first session is created, so {@link #prepareProcess} runs before every session, with or without
 * XLA: a process whose first run was without XLA (the tests' JVM, or trials run one after another
 * in one process) would otherwise ignore {@code --xla on} silently.
 */
final class XlaJit {
    private static boolean flagsSet;

    private XlaJit() {}

    /** Adds auto-clustering to a session configuration, setting the process flags first. */
    static ConfigProto.Builder enable(ConfigProto.Builder config) {
        prepareProcess();
        return config.setGraphOptions(
                GraphOptions.newBuilder()
                        .setOptimizerOptions(
                                OptimizerOptions.newBuilder()
                                        .setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_2)));
    }

    /** Sets the process flags (once); called before any session is created. */
    static synchronized void prepareProcess() {
        if (flagsSet) {
            return;
        }
        TensorFlow.version(); // loads the native library before its C API is called
        tensorflow.TF_SetTfXlaCpuGlobalJit((byte) 1);
        tensorflow.TF_SetXlaEnableLazyCompilation((byte) 0);
        flagsSet = true;
    }
}
