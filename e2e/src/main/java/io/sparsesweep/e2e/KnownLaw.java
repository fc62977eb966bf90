package io.sparsesweep.e2e;

import io.sparsesweep.fitting.ScalingLaw;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * The ground truth the end-to-end tests try to recover: a sparse scaling law with fixed
 * coefficients plus multiplicative log-normal noise. A simulated trial reports {@code truth(S, N,
 * D) · exp(σ·z)}, with z drawn from a generator seeded by the trial's point, so the same trial
 * always reports the same loss (a retried attempt does not add a second, different sample).
 *
 * <p>The default coefficients are the ViT/JFT fit in paper units (notes in paper.md §1.4): N in
 * non-zero parameters, D in training examples.
 */
public record KnownLaw(ScalingLaw truth, double sigma) {

    /** ViT/JFT coefficients (paper units) with 0.3 % noise. */
    public static KnownLaw vit() {
        return new KnownLaw(
                new ScalingLaw(294.39, 0.8210, 468.16, 0.3922, 2.3741e8, 0.8898, 4.5167), 0.003);
    }

    /** The noise-free loss at a point. */
    public double expectedLoss(TrialArgs t) {
        return truth.predict(t.sparsity(), t.nonzeroParams(), t.examples());
    }

    /** The loss a simulated trial reports: truth times deterministic per-point noise. */
    public double observedLoss(TrialArgs t) {
        CRC32 crc = new CRC32();
        crc.update(t.key().getBytes(StandardCharsets.UTF_8));
        double z = new Random(crc.getValue()).nextGaussian();
        return expectedLoss(t) * Math.exp(sigma * z);
    }

    /**
     * The runner's result JSON (protocol v1, the fields the operator's result parser requires) for
     * a simulated trial, as the trainer would write it to its termination message.
     */
    public Map<String, Object> resultFor(TrialArgs t, String task, double wallSeconds) {
        double valLoss = observedLoss(t);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("task", task);
        m.put("valLoss", valLoss);
        m.put("trainLoss", valLoss * 0.98);
        m.put("steps", t.steps());
        m.put("examples", t.examples());
        m.put("totalParams", t.totalParams());
        m.put("prunableParams", t.prunableParams());
        m.put("blockParams", t.prunableParams());
        m.put("nonzeroParams", t.nonzeroParams());
        m.put("sparsity", t.sparsity());
        m.put("achievedSparsity", t.sparsity());
        m.put("pattern", t.pattern());
        m.put("wallSeconds", wallSeconds);
        m.put("seed", t.seed());
        m.put("width", t.width());
        m.put("depth", t.depth());
        m.put("heads", t.heads());
        m.put("resumedFromStep", 0);
        m.put("simulated", true);
        return m;
    }
}
