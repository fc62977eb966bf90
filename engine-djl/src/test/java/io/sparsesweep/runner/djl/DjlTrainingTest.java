package io.sparsesweep.runner.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparsesweep.protocol.TrialResult;
import io.sparsesweep.runner.TrainConfig;
import io.sparsesweep.runner.TrainListener;
import io.sparsesweep.runner.Trainer;
import io.sparsesweep.runner.TrainingInterruptedException;
import io.sparsesweep.runner.TrainingPlan;
import io.sparsesweep.runner.config.RunnerConfigException;
import io.sparsesweep.runner.data.Batch;
import io.sparsesweep.runner.model.InitialValues;
import io.sparsesweep.runner.model.TrainingBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DJL engine on its own, through the real trainer loop. */
class DjlTrainingTest {

    private static Trainer djl(BooleanSupplier stop) {
        return new Trainer(stop, Engines::djl);
    }

    /** Records per-step losses and events. */
    private static final class Log implements TrainListener {
        final List<Double> losses = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override
        public void onStep(long step, double loss) {
            losses.add(loss);
        }

        @Override
        public void onEvent(String message) {
            events.add(message);
        }

        double mean(int from, int to) {
            return losses.subList(from, to).stream().mapToDouble(d -> d).average().orElseThrow();
        }
    }

    @Test
    void trainsPrunesAndKeepsPrunedWeightsExactlyZeroAfterEveryStep() {
        for (String optimizer : new String[] {"adamw", "adafactor"}) {
            TrainConfig c =
                    Engines.lm()
                            .optimizer(optimizer)
                            .lr("adamw".equals(optimizer) ? 3e-3 : 2e-2)
                            .build();
            Zeros check = new Zeros();
            Log log = new Log();
            TrialResult r =
                    new Trainer(
                                    () -> false,
                                    (spec, prunable, k) ->
                                            check.wrap(Engines.djl(spec, prunable, k), prunable))
                            .train(c, log);
            assertThat(log.mean(50, 60)).as(optimizer).isLessThan(log.mean(0, 10) - 0.5);
            assertThat(check.steps).isEqualTo(60);
            assertThat(check.maskedZerosSeen).as(optimizer).isGreaterThan(10_000);
            assertThat(check.violations).as(optimizer).isZero();
            long kept = 0;
            for (float[] m : check.lastMasks.values()) {
                kept += NearThreshold.kept(m);
            }
            assertThat(r.nonzeroParams()).isEqualTo(kept).isLessThan(r.blockParams() * 6 / 10);
            assertThat(r.valLoss()).isFinite();
        }
    }

    @Test
    void vitWith24IsExactly24AtTheEnd() {
        // Window [15, 40]: the last update (step 40) reaches the full 2:4 sparsity.
        TrainConfig c =
                Engines.vit().pattern("2:4").sparsity(Double.NaN).pruneEnd(40 / 60.0).build();
        Zeros check = new Zeros();
        new Trainer(
                        () -> false,
                        (spec, prunable, k) -> check.wrap(Engines.djl(spec, prunable, k), prunable))
                .train(c, TrainListener.NO_OP);
        assertThat(check.violations).isZero();
        for (Map.Entry<String, float[]> e : check.lastMasks.entrySet()) {
            float[] m = e.getValue();
            int cols = 32 * ("block0.mlp_in".equals(e.getKey()) ? 2 : 1);
            int rows = m.length / cols;
            for (int r0 = 0; r0 < rows; r0 += 4) {
                for (int col = 0; col < cols; col++) {
                    int kept = 0;
                    for (int j = 0; j < 4; j++) {
                        kept += m[(r0 + j) * cols + col] != 0f ? 1 : 0;
                    }
                    assertThat(kept).as("%s group %d,%d", e.getKey(), r0, col).isEqualTo(2);
                }
            }
        }
    }

    @Test
    void stopCheckpointAndResumeRestoresWeightsAndOptimizerStateExactly(@TempDir Path dir) {
        for (String optimizer : new String[] {"adamw", "adafactor"}) {
            TrainConfig base =
                    Engines.lm()
                            .optimizer(optimizer)
                            .lr("adamw".equals(optimizer) ? 3e-3 : 2e-2)
                            .build();
            Log whole = new Log();
            TrialResult uninterrupted = djl(() -> false).train(base, whole);

            Path ckpt = dir.resolve(optimizer);
            TrainConfig c = base.toBuilder().checkpointDir(ckpt).build();
            Log first = new Log();
            int[] polls = {0};
            TrainingInterruptedException stopped =
                    assertThrows(
                            TrainingInterruptedException.class,
                            () -> djl(() -> ++polls[0] == 25).train(c, first));
            assertThat(stopped.step()).isEqualTo(25);

            // The resumed run collects garbage at other moments than the uninterrupted one (as a
            // sweep's JVM, which runs other trials beside it, does): here between forward and
            // backward in every step, the window that once corrupted gradients.
            Log second = new Log();
            TrialResult resumed =
                    new Trainer(
                                    () -> false,
                                    (spec, prunable, k) -> {
                                        DjlBackend b = (DjlBackend) Engines.djl(spec, prunable, k);
                                        b.afterForward(FullGc::run);
                                        return b;
                                    })
                            .train(c, second);
            assertThat(second.events).anyMatch(e -> e.contains("resumed") && e.contains("step 25"));
            List<Double> joined = new ArrayList<>(first.losses);
            joined.addAll(second.losses);
            // Bit-identical, every step: the checkpoint holds weights, masks and optimizer state
            // (moments, step count) exactly, and libtorch's CPU kernels are deterministic for a
            // given thread count.
            assertThat(joined).as(optimizer).isEqualTo(whole.losses);
            assertThat(resumed.valLoss()).as(optimizer).isEqualTo(uninterrupted.valLoss());
            assertThat(resumed.nonzeroParams()).isEqualTo(uninterrupted.nonzeroParams());
        }
    }

    @Test
    void aTensorFlowCheckpointIsRefusedNamingTheEngine(@TempDir Path dir) {
        TrainConfig c = Engines.lm().steps(10).pruneEvery(2).build();
        TrainingPlan plan = TrainingPlan.of(c);
        try (TrainingBackend tf = Engines.tensorflow(plan.model(), plan.prunable(), c);
                TrainingBackend djl = Engines.djl(plan.model(), plan.prunable(), c)) {
            tf.initialize(InitialValues.of(plan.model(), 0));
            tf.save(dir.resolve("model"));
            assertThatThrownBy(() -> djl.restore(dir.resolve("model")))
                    .isInstanceOf(RunnerConfigException.class)
                    .hasMessageContaining("not written by the djl engine");
        }
    }

    /** Reads every masked tensor after every step: pruned entries must be exactly 0. */
    private static final class Zeros {
        long steps;
        long violations;
        long maskedZerosSeen;
        final Map<String, float[]> lastMasks = new java.util.LinkedHashMap<>();

        TrainingBackend wrap(TrainingBackend inner, Set<String> masked) {
            return new TrainingBackend() {
                @Override
                public void initialize(Map<String, float[]> values) {
                    inner.initialize(values);
                }

                @Override
                public double step(Batch batch, long stepNumber, double learningRate) {
                    double loss = inner.step(batch, stepNumber, learningRate);
                    steps++;
                    for (String name : masked) {
                        float[] w = inner.read(name);
                        float[] m = inner.readMask(name);
                        lastMasks.put(name, m);
                        for (int i = 0; i < w.length; i++) {
                            if (m[i] == 0f) {
                                maskedZerosSeen++;
                                violations += w[i] != 0f ? 1 : 0;
                            }
                        }
                    }
                    return loss;
                }

                @Override
                public double loss(Batch batch) {
                    return inner.loss(batch);
                }

                @Override
                public float[] read(String param) {
                    return inner.read(param);
                }

                @Override
                public float[] readMask(String param) {
                    return inner.readMask(param);
                }

                @Override
                public void setMask(String param, float[] mask) {
                    inner.setMask(param, mask);
                }

                @Override
                public void save(Path prefix) {
                    inner.save(prefix);
                }

                @Override
                public void restore(Path prefix) {
                    inner.restore(prefix);
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }
    }
}
