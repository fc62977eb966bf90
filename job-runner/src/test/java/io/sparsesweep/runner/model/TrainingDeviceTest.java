package io.sparsesweep.runner.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.runner.model.TrainingDevice.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine line's device phrase for each case a node can present. */
class TrainingDeviceTest {
    private static final Device CPU =
            new Device("/job:localhost/replica:0/task:0/device:CPU:0", "CPU", 268435456L);
    private static final Device GPU0 =
            new Device("/job:localhost/replica:0/task:0/device:GPU:0", "GPU", 17_179_869_184L);
    private static final Device GPU1 =
            new Device("/job:localhost/replica:0/task:0/device:GPU:1", "GPU", 17_179_869_184L);

    @Test
    void theCpuLibraryTrainsOnTheCpuWhateverIsListed() {
        assertThat(TrainingDevice.describe(false, List.of(CPU)))
                .isEqualTo("training on the CPU (TensorFlow's CPU library)");
        // A CPU build cannot use a GPU even if one were listed.
        assertThat(TrainingDevice.describe(false, List.of(CPU, GPU0)))
                .startsWith("training on the CPU");
    }

    @Test
    void theGpuLibraryWithoutAGpuSaysNoGpuWasFound() {
        assertThat(TrainingDevice.describe(true, List.of(CPU)))
                .startsWith("no GPU found, training on the CPU (TensorFlow's GPU library");
        assertThat(TrainingDevice.describe(true, List.of())).startsWith("no GPU found");
    }

    @Test
    void theGpuLibraryWithGpusNamesTheFirstAndItsMemory() {
        assertThat(TrainingDevice.describe(true, List.of(CPU, GPU0)))
                .isEqualTo("training on GPU:0 (16.0 GiB)");
        assertThat(TrainingDevice.describe(true, List.of(CPU, GPU0, GPU1)))
                .isEqualTo("training on GPU:0 (16.0 GiB; 2 GPUs visible, ops go to the first)");
    }

    @Test
    void otherDeviceTypesAreNotGpus() {
        Device xla = new Device("/job:localhost/replica:0/task:0/device:XLA_GPU:0", "XLA_GPU", 0);
        assertThat(TrainingDevice.describe(true, List.of(CPU, xla))).startsWith("no GPU found");
    }

    @Test
    void shortNameKeepsTypeAndIndex() {
        assertThat(TrainingDevice.shortName(GPU1.name())).isEqualTo("GPU:1");
        assertThat(TrainingDevice.shortName("CPU:0")).isEqualTo("CPU:0");
    }
}
