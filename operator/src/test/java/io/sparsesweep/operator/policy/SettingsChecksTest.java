package io.sparsesweep.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.operator.config.AcceleratorProfile;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.testing.TestSweeps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsChecksTest {
    private static final OperatorSettings SETTINGS =
            OperatorSettings.defaults()
                    .withImages("default/runner:1", null)
                    .withProfiles(
                            Map.of(
                                    "tpu-v5p-16",
                                    new AcceleratorProfile(
                                            "tpu-v5p-16",
                                            null,
                                            null,
                                            Map.of(),
                                            List.of(),
                                            new AcceleratorProfile.TpuSlice("2x2x4", 4)),
                                    "tpu-v5e-8",
                                    new AcceleratorProfile(
                                            "tpu-v5e-8",
                                            null,
                                            null,
                                            Map.of(),
                                            List.of(),
                                            new AcceleratorProfile.TpuSlice("2x4", 1))));

    private static SparseSweep on(String profile, List<String> command) {
        SparseSweep s = TestSweeps.small();
        s.getSpec().getTrainer().setAccelerator(null);
        s.getSpec().getTrainer().setAcceleratorProfile(profile);
        s.getSpec().getTrainer().setCommand(command);
        return s;
    }

    @Test
    void theBuiltInTrainerIsRefusedOnAMultiHostSlice() {
        List<String> errors =
                new SettingsChecks(SETTINGS)
                        .validate(on("tpu-v5p-16", List.of("sparsesweep", "train")));
        assertThat(errors)
                .singleElement()
                .asString()
                .startsWith("spec.trainer.acceleratorProfile: 'tpu-v5p-16' is a 4-host TPU slice")
                .contains("built-in trainer (TensorFlow Java)")
                .contains("SPARSESWEEP_PROCESS_INDEX");
        assertThat(
                        new SettingsChecks(SETTINGS)
                                .validate(
                                        on(
                                                "tpu-v5p-16",
                                                List.of("/usr/local/bin/sparsesweep", "train"))))
                .hasSize(1);
        assertThat(new SettingsChecks(SETTINGS).validate(on("tpu-v5p-16", null))).hasSize(1);
    }

    @Test
    void aContractTrainerMaySpanHostsAndTheBuiltInOneMayUseOneHost() {
        assertThat(
                        new SettingsChecks(SETTINGS)
                                .validate(on("tpu-v5p-16", List.of("python3", "/app/train.py"))))
                .isEmpty();
        assertThat(
                        new SettingsChecks(SETTINGS)
                                .validate(on("tpu-v5e-8", List.of("sparsesweep", "train"))))
                .isEmpty();
    }

    @Test
    void aSliceSweepsNameMustLeaveRoomForJobSetsPodNames() {
        SparseSweep s = on("tpu-v5p-16", List.of("python3", "/app/train.py"));
        s.getMetadata().setName("a".repeat(40));
        assertThat(new SettingsChecks(SETTINGS).validate(s))
                .singleElement()
                .asString()
                .startsWith(
                        "metadata.name: '"
                                + "a".repeat(40)
                                + "' must start with a letter and have at most 34");
        s.getMetadata().setName("1slice");
        assertThat(new SettingsChecks(SETTINGS).validate(s)).hasSize(1);
    }
}
