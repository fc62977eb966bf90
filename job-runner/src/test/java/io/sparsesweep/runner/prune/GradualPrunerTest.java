package io.sparsesweep.runner.prune;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.runner.data.Batch;
import io.sparsesweep.runner.model.InitialValues;
import io.sparsesweep.runner.model.ModelSpec;
import io.sparsesweep.runner.model.ParamSpec;
import io.sparsesweep.runner.model.TrainingBackend;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradualPrunerTest {
    private static final ModelSpec LM = ModelSpec.lm(32, 2, 4, 4, 8);

    @Test
    void masksTheBlockKernelsOnScheduleAndZeroesTheirWeights() {
        CubicSchedule schedule = new CubicSchedule(0.5, 10, 30, 10);
        GradualPruner pruner = GradualPruner.of(schedule, null, LM, false);
        assertThat(pruner.tensors())
                .isNotEmpty()
                .allMatch(p -> p.kind() == ParamSpec.Kind.BLOCK_KERNEL);
        assertThat(pruner.pattern()).isEqualTo("unstructured");
        Weights w = new Weights(LM);
        assertThat(pruner.maskSparsity(w)).isZero();
        assertThat(pruner.updatesAt(9)).isFalse();
        assertThat(pruner.updatesAt(30)).isTrue();
        assertThat(pruner.update(w, 30)).isEqualTo(0.5);
        for (ParamSpec p : pruner.tensors()) {
            float[] m = w.readMask(p.name());
            float[] v = w.read(p.name());
            for (int i = 0; i < m.length; i++) {
                assertThat(m[i] == 0f ? v[i] : 0f).isZero();
            }
        }
        assertThat(pruner.maskSparsity(w)).isEqualTo(0.5);
    }

    @Test
    void nothingIsMaskedWithoutATargetAndEveryWindowEndsOnItsTarget() {
        GradualPruner dense = GradualPruner.of(new CubicSchedule(0, 0, 0, 1), null, LM, false);
        assertThat(dense.names()).isEmpty();
        // An interval longer than the window: the update at the window's end still comes, at the
        // target (jaxpruner's schedule alone would never update in [15, 45] at an interval of 100).
        GradualPruner longInterval =
                GradualPruner.of(new CubicSchedule(0.5, 15, 45, 100), null, LM, false);
        assertThat(longInterval.updatesAt(45)).isTrue();
        Weights w = new Weights(LM);
        assertThat(longInterval.update(w, 45)).isEqualTo(0.5);
    }

    @Test
    void anNmPatternChecksEveryTensorAndNamesItself() {
        GradualPruner nm =
                GradualPruner.of(new CubicSchedule(0.5, 0, 10, 5), new NmPattern(2, 4), LM, false);
        assertThat(nm.pattern()).isEqualTo("2:4");
        Weights w = new Weights(LM);
        assertThat(nm.update(w, 10)).isEqualTo(0.5);
    }

    /** Weights and masks in memory: what the pruner reads and writes through the seam. */
    private static final class Weights implements TrainingBackend {
        private final Map<String, float[]> values;
        private final Map<String, float[]> masks = new HashMap<>();

        Weights(ModelSpec spec) {
            values = new HashMap<>(InitialValues.of(spec, 1));
            for (ParamSpec p : spec.params()) {
                float[] ones = new float[(int) p.size()];
                java.util.Arrays.fill(ones, 1f);
                masks.put(p.name(), ones);
            }
        }

        @Override
        public float[] read(String param) {
            return values.get(param).clone();
        }

        @Override
        public float[] readMask(String param) {
            return masks.get(param).clone();
        }

        @Override
        public void setMask(String param, float[] mask) {
            masks.put(param, mask.clone());
            float[] v = values.get(param);
            for (int i = 0; i < v.length; i++) {
                v[i] *= mask[i];
            }
        }

        @Override
        public void initialize(Map<String, float[]> v) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double step(Batch batch, long stepNumber, double learningRate) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double loss(Batch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(Path prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void restore(Path prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }
}
