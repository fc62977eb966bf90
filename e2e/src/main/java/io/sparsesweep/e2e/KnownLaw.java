package io.sparsesweep.e2e;

import io.sparsesweep.fitting.ScalingLaw;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrialResult;
import java.nio.charset.StandardCharsets;
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
     * The runner's result JSON for a simulated trial run with {@code args}, as the trainer would
     * write it to its termination message: it echoes the flags (through the protocol, as the real
     * trainer's must) and reports the known law's loss and the simulated parameter counts.
     */
    public String resultFor(TrainerArgs args, double wallSeconds) {
        TrialArgs t = TrialArgs.of(args);
        double valLoss = observedLoss(t);
        return TrialResult.echoing(args)
                .valLoss(valLoss)
                .trainLoss(valLoss * 0.98)
                .params(t.totalParams(), t.prunableParams(), t.prunableParams(), t.nonzeroParams())
                .wallSeconds(wallSeconds)
                .build()
                .toJson();
    }
}
