package io.sparsesweep.runner.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparsesweep.runner.TrainingEngine;
import io.sparsesweep.runner.config.RunnerConfigException;
import org.junit.jupiter.api.Test;

class DjlEngineTest {
    @Test
    void bothEnginesAreFoundByNameAndAnUnknownOneIsABadFlag() {
        assertThat(TrainingEngine.available()).containsExactly("tensorflow", "djl");
        assertThat(TrainingEngine.named("djl")).isInstanceOf(DjlEngine.class);
        assertThat(TrainingEngine.named("tensorflow").name()).isEqualTo("tensorflow");
        assertThatThrownBy(() -> TrainingEngine.named("jax"))
                .isInstanceOf(RunnerConfigException.class)
                .hasMessageStartingWith("--engine jax: is not in this build")
                .hasMessageContaining("tensorflow, djl");
    }
}
