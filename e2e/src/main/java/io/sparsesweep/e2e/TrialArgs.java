package io.sparsesweep.e2e;

import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import java.util.List;

/**
 * The grid point of a trial as the trainer sees it: read from the trainer container's command line
 * ({@code train --width 256 --sparsity 0.5 ...}) by the trial protocol's own reader, with the
 * protocol's defaults for every flag the sweep left out, so the simulated trainer learns its
 * parameters exactly as the real one would.
 */
public record TrialArgs(
        int width,
        int depth,
        int heads,
        int mlpRatio,
        long steps,
        double sparsity,
        String pattern,
        long seed,
        long batchSize) {

    /** The protocol's flags of a trainer container's arguments (a leading subcommand dropped). */
    public static TrainerArgs flags(List<String> containerArgs) {
        List<String> flags =
                !containerArgs.isEmpty() && !containerArgs.get(0).startsWith("--")
                        ? containerArgs.subList(1, containerArgs.size())
                        : containerArgs;
        return TrainerArgs.parse(flags);
    }

    public static TrialArgs parse(List<String> containerArgs) {
        return of(flags(containerArgs));
    }

    /** The grid point of the protocol's flags: the width after --scale, the target sparsity. */
    public static TrialArgs of(TrainerArgs a) {
        return new TrialArgs(
                a.effectiveWidth(),
                a.intValue(TrainerFlag.DEPTH),
                a.intValue(TrainerFlag.HEADS),
                (int) Math.round(a.decimal(TrainerFlag.MLP_RATIO)),
                a.longValue(TrainerFlag.STEPS),
                a.targetSparsity(),
                a.pattern().text(),
                a.longValue(TrainerFlag.SEED),
                a.intValue(TrainerFlag.BATCH_SIZE));
    }

    /**
     * Weights of the transformer blocks (attention 4w² + MLP 2·r·w² per block): the prunable part.
     */
    public long prunableParams() {
        return (long) depth * (4L + 2L * mlpRatio) * width * width;
    }

    /** Prunable weights plus a dense embedding/head part (256-token vocabulary in and out). */
    public long totalParams() {
        return prunableParams() + 2L * 256 * width;
    }

    /**
     * The law's N as the protocol defines it: non-zero entries of the block matrices (the prunable
     * part) after pruning to the target sparsity; the dense embedding/head part is not counted.
     */
    public long nonzeroParams() {
        return prunableParams() - Math.round(prunableParams() * sparsity);
    }

    /** Training examples seen: the law's D. */
    public long examples() {
        return steps * batchSize;
    }

    /** Canonical text of the point (seed included): keys the simulated noise. */
    public String key() {
        return width + "/" + depth + "/" + heads + "/" + mlpRatio + "/" + steps + "/" + sparsity
                + "/" + pattern + "/" + seed + "/" + batchSize;
    }
}
