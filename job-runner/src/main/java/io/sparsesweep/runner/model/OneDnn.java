package io.sparsesweep.runner.model;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * oneDNN, Intel's CPU kernels (matmuls, transposes, softmax, fused MatMul+BiasAdd), switched on for
 * this process. The TensorFlow native library that TensorFlow-Java ships (1.1.0) contains them but,
 * unlike TensorFlow-Python's wheel, leaves them off unless the environment variable {@code
 * TF_ENABLE_ONEDNN_OPTS} is 1, which TensorFlow reads once, while its native library loads. The
 * Keras twin of bench/trainer runs on them; one unrepeated lm-d256 timing under heavy load gave a
 * 1.7x faster step (bench.py --onednn-off is the proper measurement, not yet run).
 *
 * <p>A JVM cannot change its own environment, so the C library's {@code setenv} is called through
 * JNA, before TensorFlow loads ({@link TensorFlowBackend}'s class initialiser). A value the user
 * set is kept: {@code TF_ENABLE_ONEDNN_OPTS=0} runs TensorFlow's Eigen kernels as before. oneDNN
 * changes float rounding only (a different summation order); masks, checkpoints and the exact
 * reproduction of a resumed run are unchanged (the job-runner tests run with it).
 */
final class OneDnn {
    static final String VARIABLE = "TF_ENABLE_ONEDNN_OPTS";
    private static Boolean on;

    private OneDnn() {}

    /** The C library's environment functions. */
    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /**
     * Sets {@code TF_ENABLE_ONEDNN_OPTS=1} unless the environment has it; returns whether oneDNN is
     * on. Must run before TensorFlow's native library is loaded; later calls only answer.
     */
    static synchronized boolean prepareProcess() {
        if (on == null) {
            on = enable();
        }
        return on;
    }

    private static boolean enable() {
        String set = System.getenv(VARIABLE);
        if (set != null) {
            // TensorFlow's own reading of the variable (ReadBoolFromEnvVar): 1/true, 0/false.
            return set.equals("1") || set.equalsIgnoreCase("true");
        }
        try {
            return Native.load("c", LibC.class).setenv(VARIABLE, "1", 0) == 0;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // No JNA native support on this platform: TensorFlow's default kernels, still correct.
            return false;
        }
    }
}
