package io.sparsesweep.runner.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

/**
 * The C API probe against the library this build carries (the CPU one unless -Pgpu): it lists the
 * CPU and says whether GPU kernels are registered; the engine line carries the result.
 */
class TensorFlowDevicesTest {
    @Test
    void theProbeListsTheCpuAndTheBuildMatchesTheNativeClassifier() {
        List<TrainingDevice.Device> devices =
                TensorFlowDevices.list(
                        ConfigProto.newBuilder().setAllowSoftPlacement(true).build());
        assertThat(devices)
                .anySatisfy(
                        d -> {
                            assertThat(d.type()).isEqualTo("CPU");
                            assertThat(d.name()).endsWith("/device:CPU:0");
                        });
        // The GPU library's jar is the only one with this directory (-Pgpu's classifier).
        boolean gpuJar =
                TensorFlowDevices.class.getResource(
                                "/org/tensorflow/internal/c_api/linux-x86_64-gpu/LICENSE")
                        != null;
        assertThat(TensorFlowDevices.gpuBuild()).isEqualTo(gpuJar);
    }

    @Test
    void theEngineLineNamesTheDevice() {
        ModelSpec spec = ModelSpec.lm(32, 1, 2, 2, 16);
        try (TensorFlowBackend b =
                new TensorFlowBackend(spec, Set.of(), new OptimizerSpec.AdamW(0), 1)) {
            String expected =
                    TrainingDevice.describe(
                            TensorFlowDevices.gpuBuild(),
                            TensorFlowDevices.list(ConfigProto.getDefaultInstance()));
            assertThat(b.describe()).startsWith("engine tensorflow: " + expected + ", TensorFlow ");
        }
    }
}
