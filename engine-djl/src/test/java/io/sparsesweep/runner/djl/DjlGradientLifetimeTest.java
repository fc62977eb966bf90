package io.sparsesweep.runner.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.runner.TrainConfig;
import io.sparsesweep.runner.TrainingPlan;
import io.sparsesweep.runner.data.Batch;
import io.sparsesweep.runner.model.InitialValues;
import io.sparsesweep.runner.model.ModelSpec;
import io.sparsesweep.runner.model.ParamSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What autograd saves in the forward pass must stay valid until the backward pass, whatever the
 * JVM's garbage collector does in between.
 *
 * <p>The DJL engine's intermittent "training diverged: loss NaN" (docs/trainer.md) was a garbage
 * collection landing between forward and backward: DJL's {@code x.mul(float)} wraps the float in a
 * 0-d tensor whose storage is a Java direct buffer, closes it right after the op, and libtorch's
 * {@code MulBackward} keeps that tensor for the backward pass; once the buffer's cleaner has freed
 * the memory, the backward pass multiplied by whatever the allocator wrote there. This forces a
 * collection into that window in every step (a normal run has one there only by chance) and
 * requires the losses and weights to be bit-identical to those of the same steps without it.
 */
class DjlGradientLifetimeTest {

    @Test
    void trainingDoesNotDependOnAGarbageCollectionBetweenForwardAndBackward() {
        for (TrainConfig c : new TrainConfig[] {Engines.lm().build(), Engines.vit().build()}) {
            TrainingPlan plan = TrainingPlan.of(c);
            ModelSpec spec = plan.model();
            Map<String, float[]> values = InitialValues.of(spec, c.run().seed());
            try (DjlBackend quiet = (DjlBackend) Engines.djl(spec, plan.prunable(), c);
                    DjlBackend collected = (DjlBackend) Engines.djl(spec, plan.prunable(), c)) {
                collected.afterForward(FullGc::run);
                quiet.initialize(values);
                collected.initialize(values);
                for (int t = 0; t < 3; t++) {
                    Batch batch = plan.data().trainBatch(t);
                    double want = quiet.step(batch, t, 1e-3);
                    double got = collected.step(batch, t, 1e-3);
                    assertThat(got).as("%s loss at step %d", c.model().task(), t).isEqualTo(want);
                    for (ParamSpec p : spec.params()) {
                        assertThat(difference(collected.read(p.name()), quiet.read(p.name())))
                                .as("%s %s after step %d", c.model().task(), p.name(), t)
                                .isEmpty();
                    }
                }
            }
        }
    }

    /** "" when bit-identical, else how many entries differ and the first of them. */
    static String difference(float[] got, float[] want) {
        int first = -1;
        int count = 0;
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want[i])) {
                first = first < 0 ? i : first;
                count++;
            }
        }
        return count == 0
                ? ""
                : count
                        + " of "
                        + want.length
                        + " entries differ, first ["
                        + first
                        + "] "
                        + got[first]
                        + " instead of "
                        + want[first];
    }
}
