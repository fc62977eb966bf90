package io.sparsesweep.runner.model;

import java.util.List;
import java.util.Locale;

/**
 * Which device a TensorFlow run trains on, in the words of the run's engine line. TensorFlow's own
 * "no GPU" message ({@code failed call to cuInit …}) is a C++ log line that names an error code,
 * not the consequence; this says it: a GPU build on a node without a usable GPU trains on the CPU,
 * and a run on a GPU names it. Pure: {@link TensorFlowDevices} lists the devices.
 *
 * <p>With soft placement and no explicit device (as {@link TensorFlowBackend} builds its graph),
 * TensorFlow places every op with a GPU kernel on the first GPU, so that is the one named.
 */
public final class TrainingDevice {
    /** One device as TensorFlow lists it: full name, type ("CPU", "GPU", …), memory limit. */
    public record Device(String name, String type, long memoryBytes) {}

    private TrainingDevice() {}

    /**
     * The device phrase of the engine line.
     *
     * @param gpuBuild whether the loaded native library is TensorFlow's GPU build
     * @param devices the devices a session with the run's configuration sees
     */
    public static String describe(boolean gpuBuild, List<Device> devices) {
        if (!gpuBuild) {
            return "training on the CPU (TensorFlow's CPU library)";
        }
        List<Device> gpus = devices.stream().filter(d -> d.type().equals("GPU")).toList();
        if (gpus.isEmpty()) {
            return "no GPU found, training on the CPU (TensorFlow's GPU library: no GPU or no"
                    + " driver visible to it; TensorFlow's own log says which)";
        }
        Device first = gpus.get(0);
        return "training on "
                + shortName(first.name())
                + " ("
                + gib(first.memoryBytes())
                + (gpus.size() > 1 ? "; " + gpus.size() + " GPUs visible, ops go to the first" : "")
                + ")";
    }

    /** "/job:localhost/replica:0/task:0/device:GPU:0" → "GPU:0". */
    static String shortName(String name) {
        int at = name.lastIndexOf("device:");
        return at < 0 ? name : name.substring(at + "device:".length());
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
