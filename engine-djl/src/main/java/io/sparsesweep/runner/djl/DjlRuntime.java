package io.sparsesweep.runner.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Properties;

/**
 * Loads DJL's PyTorch engine strictly offline, from the native jars on the classpath.
 *
 * <p>DJL's defaults would reach the network twice: {@code Engine}'s static initialiser sends
 * telemetry (it asks the EC2 metadata address for an instance id) unless offline mode or {@code
 * OPT_OUT_TRACKING} is set, and the PyTorch engine downloads libtorch when no native jar matches
 * the platform. So before any DJL engine class is touched this sets both switches, and it refuses
 * to start, with a message naming the missing artefact, unless the bundled natives are there. The
 * one supported override is DJL's own {@code PYTORCH_LIBRARY_PATH} (a local libtorch, e.g. a CUDA
 * build: docs/trainer.md, "GPU").
 */
public final class DjlRuntime {
    /** The native bundle this build ships (pom: pytorch-native-cpu, classifier linux-x86_64). */
    static final String NATIVE_ARTIFACT = "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64";

    static final String JNI_ARTIFACT = "ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0";
    private static Engine engine;

    private DjlRuntime() {}

    /** Sets DJL's offline and no-telemetry switches; idempotent, keeps values set by the user. */
    static void goOffline() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        // The graph executor optimiser only matters for TorchScript inference, which is unused.
        setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
        // DJL logs every native file it unpacks at INFO; a training run's stderr is its progress.
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * The PyTorch engine, loaded once per JVM.
     *
     * @throws IllegalStateException naming the missing jar when the natives are not bundled
     */
    public static synchronized Engine engine() {
        if (engine == null) {
            goOffline();
            String override = env("PYTORCH_LIBRARY_PATH");
            if (override == null || override.isBlank()) {
                requireBundled(DjlRuntime.class.getClassLoader());
            }
            String version = env("PYTORCH_VERSION");
            if (version != null && !version.isBlank() && !"2.7.1".equals(version)) {
                throw new IllegalStateException(
                        "PYTORCH_VERSION="
                                + version
                                + " would make DJL download another libtorch; this build bundles"
                                + " 2.7.1 and never downloads: unset PYTORCH_VERSION");
            }
            try {
                engine = Engine.getEngine("PyTorch");
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                throw new IllegalStateException(
                        "DJL could not load PyTorch"
                                + (override == null
                                        ? " from " + NATIVE_ARTIFACT
                                        : " from PYTORCH_LIBRARY_PATH=" + override)
                                + ": "
                                + e.getMessage(),
                        e);
            }
        }
        return engine;
    }

    /** Fails unless both the libtorch jar and the JNI jar are on the classpath. */
    static void requireBundled(ClassLoader loader) {
        Properties natives = resource(loader, "native/lib/pytorch.properties");
        if (natives == null || natives.getProperty("placeholder") != null) {
            throw new IllegalStateException(
                    "DJL engine: the PyTorch native library is not on the classpath (jar "
                            + NATIVE_ARTIFACT
                            + "); this build never downloads it at run time. Build with the"
                            + " engine-djl module, or set PYTORCH_LIBRARY_PATH to a local"
                            + " libtorch 2.7.1");
        }
        if (resource(loader, "jnilib/pytorch.properties") == null) {
            throw new IllegalStateException(
                    "DJL engine: the DJL-PyTorch JNI library is not on the classpath (jar "
                            + JNI_ARTIFACT
                            + "); without it DJL would download it at run time, which this"
                            + " build never does");
        }
    }

    private static Properties resource(ClassLoader loader, String name) {
        URL url = loader.getResource(name);
        if (url == null) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
        return p;
    }

    private static String env(String key) {
        String v = System.getenv(key);
        return v != null ? v : System.getProperty(key);
    }

    /**
     * Sets PyTorch's intra-op thread count (process-wide in libtorch, as its docs say): the
     * trainer's {@code --threads}, or every core when 0.
     */
    static void threads(int threads) {
        engine();
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (JniUtils.getNumThreads() != n) {
            JniUtils.setNumThreads(n);
        }
    }

    /** The device training runs on: the first GPU if libtorch sees one, else the CPU. */
    static Device device() {
        Engine e = engine();
        return e.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /** One line for the run's log: engine, libtorch build, device, threads. */
    static String describe() {
        Engine e = engine();
        Device d = device();
        return "engine djl "
                + Engine.getDjlVersion()
                + ", PyTorch "
                + e.getVersion()
                + ", device "
                + d
                + (d.isGpu()
                        ? ""
                        : " (no GPU visible to libtorch; this build bundles the CPU library)")
                + ", "
                + JniUtils.getNumThreads()
                + " threads";
    }
}
