package io.sparsesweep.runner.djl;

import io.sparsesweep.runner.TrainConfig;
import io.sparsesweep.runner.TrainListener;
import io.sparsesweep.runner.Trainer;
import io.sparsesweep.runner.model.TensorFlowBackend;
import org.junit.jupiter.api.Test;

class ProbeTest {
    static TrainConfig.Builder lm() {
        return TrainConfig.builder()
                .task("lm")
                .dataset("synthetic")
                .width(32)
                .depth(1)
                .heads(2)
                .mlpRatio(2)
                .seqLen(16)
                .batchSize(8)
                .steps(60)
                .warmupSteps(5)
                .optimizer("adamw")
                .lr(3e-3)
                .sparsity(0.5)
                .pruneEvery(10)
                .threads(1)
                .valSize(16)
                .logEvery(20);
    }

    RecordingBackend[] run(TrainConfig c) {
        RecordingBackend[] out = new RecordingBackend[2];
        long t0 = System.nanoTime();
        new Trainer(
                        () -> false,
                        (spec, prunable, k) ->
                                out[0] =
                                        new RecordingBackend(
                                                new TensorFlowBackend(
                                                        spec,
                                                        prunable,
                                                        k.optimizer(),
                                                        k.weightDecay(),
                                                        k.adafactorFactored(),
                                                        k.threads())))
                .train(c, TrainListener.NO_OP);
        long t1 = System.nanoTime();
        new Trainer(
                        () -> false,
                        (spec, prunable, k) ->
                                out[1] =
                                        new RecordingBackend(
                                                new DjlBackend(
                                                        spec,
                                                        prunable,
                                                        k.optimizer(),
                                                        k.weightDecay(),
                                                        k.adafactorFactored(),
                                                        k.threads())))
                .train(c, TrainListener.NO_OP);
        long t2 = System.nanoTime();
        System.out.printf("tf %.2fs djl %.2fs%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        return out;
    }

    void report(String label, TrainConfig c) {
        RecordingBackend[] r = run(c);
        System.out.println("== " + label);
        for (int i = 0; i < r[0].losses.size(); i += 5) {
            double a = r[0].losses.get(i), b = r[1].losses.get(i);
            System.out.printf("step %d tf %.7f djl %.7f diff %.2e%n", i, a, b, Math.abs(a - b));
        }
        for (int i = 0; i < r[0].maskUpdates.size(); i++) {
            var a = r[0].maskUpdates.get(i);
            var b = r[1].maskUpdates.get(i);
            int dis = 0;
            double maxd = 0;
            double maxw = 0;
            for (int j = 0; j < a.mask().length; j++) {
                if (a.mask()[j] != b.mask()[j]) dis++;
                maxd = Math.max(maxd, Math.abs(a.weights()[j] - b.weights()[j]));
                maxw = Math.max(maxw, Math.abs(a.weights()[j]));
            }
            System.out.printf(
                    "mask step %d %s disagree %d/%d maxdiff %.2e maxw %.2e%n",
                    a.step(), a.name(), dis, a.mask().length, maxd, maxw);
        }
    }

    @Test
    void probe() {
        report("lm adamw unstructured", lm().build());
        report(
                "lm adafactor 2:4",
                lm().optimizer("adafactor").lr(1e-2).pattern("2:4").sparsity(Double.NaN).build());
    }
}
