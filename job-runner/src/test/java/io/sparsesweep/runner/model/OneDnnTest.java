package io.sparsesweep.runner.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.runner.data.Batch;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tensorflow engine runs TensorFlow's oneDNN kernels without the user setting anything. */
class OneDnnTest {
    @Test
    void aTrainingStepRunsOneDnnKernelsAndTheEngineLineSaysSo() {
        ModelSpec spec = ModelSpec.lm(32, 1, 2, 2, 16);
        try (TensorFlowBackend b =
                new TensorFlowBackend(spec, Set.of(), new OptimizerSpec.AdamW(0), 1)) {
            b.initialize(InitialValues.of(spec, 1));
            int[] tokens = new int[2 * 16];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = (7 * i) % 256;
            }
            Set<String> kernels = b.kernelsOfOneStep(Batch.text(2, tokens, tokens), 0, 1e-3);
            // Without oneDNN the same step runs MatMul / _FusedMatMul / Transpose (Eigen).
            assertThat(kernels).contains("_MklMatMul").doesNotContain("MatMul");
            assertThat(b.describe()).contains("oneDNN on");
        }
    }
}
