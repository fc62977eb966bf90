package io.sparsesweep.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one run; {@link #toJson()} is the one-line result contract (version 1, under 4096
 * bytes) that pods write to their termination message and the sweep reads.
 *
 * @param nonzeroParams the scaling law's N: non-zero entries of the transformer-block weight
 *     matrices (attention q/k/v/o and MLP kernels of every block), counted on the final weights.
 *     Embeddings, position table, output head, biases and norms are excluded whatever their
 *     sparsity.
 * @param blockParams dense size of those same matrices
 * @param prunableParams entries of every tensor subject to pruning under this configuration (block
 *     kernels, plus token or patch embedding and head with --prune-embeddings), counted even when
 *     the target sparsity is 0
 * @param sparsity the configured target fraction of zeros
 * @param achievedSparsity {@code 1 − nonzeroParams / blockParams}
 * @param examples training examples consumed: steps × batch size (sequences for lm, images for
 *     vit); the sweep's D
 * @param tokens lm only: examples × seq-len (predicted positions); 0 for vit
 */
public record TrainResult(
        String task,
        double valLoss,
        double trainLoss,
        long steps,
        long examples,
        long tokens,
        long totalParams,
        long prunableParams,
        long blockParams,
        long nonzeroParams,
        double sparsity,
        double achievedSparsity,
        String pattern,
        double wallSeconds,
        long seed,
        int width,
        int depth,
        int heads,
        String optimizer,
        long resumedFromStep,
        double examplesPerSecond) {
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The result as ordered key/value pairs. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("task", task);
        m.put("valLoss", valLoss);
        m.put("trainLoss", trainLoss);
        m.put("steps", steps);
        m.put("examples", examples);
        if ("lm".equals(task)) {
            m.put("tokens", tokens);
        }
        m.put("totalParams", totalParams);
        m.put("prunableParams", prunableParams);
        m.put("blockParams", blockParams);
        m.put("nonzeroParams", nonzeroParams);
        m.put("sparsity", sparsity);
        m.put("achievedSparsity", achievedSparsity);
        m.put("pattern", pattern);
        m.put("wallSeconds", wallSeconds);
        m.put("seed", seed);
        m.put("width", width);
        m.put("depth", depth);
        m.put("heads", heads);
        m.put("optimizer", optimizer);
        m.put("resumedFromStep", resumedFromStep);
        m.put("examplesPerSecond", examplesPerSecond);
        return m;
    }

    /** One line of JSON, no trailing newline. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
