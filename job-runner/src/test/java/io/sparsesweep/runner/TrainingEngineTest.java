package io.sparsesweep.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparsesweep.runner.config.RunnerConfigException;
import org.junit.jupiter.api.Test;

class TrainingEngineTest {
    @Test
    void thisModuleAloneHasTensorFlowAndNamesTheModuleDjlNeeds() {
        assertThat(TrainingEngine.available()).containsExactly("tensorflow");
        assertThat(TrainingEngine.named("tensorflow")).isInstanceOf(TensorFlowEngine.class);
        assertThatThrownBy(() -> TrainingEngine.named("djl"))
                .isInstanceOf(RunnerConfigException.class)
                .hasMessageStartingWith("--engine djl: is not in this build")
                .hasMessageContaining("engine-djl module");
    }

    @Test
    void aTrainConfigDefaultsToTensorFlowAndPlanningRefusesAnEngineNotInTheBuild() {
        assertThat(TrainConfig.builder().build().run().engine()).isEqualTo(TrainingEngine.DEFAULT);
        // Refused before any data is read or any native library loads.
        assertThatThrownBy(() -> TrainingPlan.of(TrainConfig.builder().engine("djl").build()))
                .isInstanceOf(RunnerConfigException.class)
                .hasMessageStartingWith("--engine djl: is not in this build");
    }
}
