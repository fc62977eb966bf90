package io.sparsesweep.e2e;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The grid point of a trial as the trainer sees it: parsed from the trainer container's
 * command-line flags ({@code --width 256 --sparsity 0.5 ...}), the same contract the real runner
 * reads. The simulated trainer therefore learns its parameters exactly as the real one would.
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

    /** Batch size the runner uses when the sweep does not set one. */
    static final long DEFAULT_BATCH_SIZE = 32;

    public static TrialArgs parse(List<String> args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                if (eq > 0) {
                    flags.put(a.substring(2, eq), a.substring(eq + 1));
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    flags.put(a.substring(2), args.get(++i));
                } else {
                    flags.put(a.substring(2), "true");
                }
            }
        }
        return new TrialArgs(
                Integer.parseInt(required(flags, "width")),
                Integer.parseInt(required(flags, "depth")),
                Integer.parseInt(required(flags, "heads")),
                Integer.parseInt(flags.getOrDefault("mlp-ratio", "4")),
                Long.parseLong(required(flags, "steps")),
                Double.parseDouble(required(flags, "sparsity")),
                flags.getOrDefault("pattern", "unstructured"),
                Long.parseLong(flags.getOrDefault("seed", "0")),
                Long.parseLong(
                        flags.getOrDefault("batch-size", Long.toString(DEFAULT_BATCH_SIZE))));
    }

    private static String required(Map<String, String> flags, String name) {
        String v = flags.get(name);
        if (v == null) {
            throw new IllegalArgumentException("trainer args lack --" + name + ": " + flags);
        }
        return v;
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

    /** Parameters left after pruning the prunable part to the target sparsity. */
    public long nonzeroParams() {
        return totalParams() - Math.round(prunableParams() * sparsity);
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
