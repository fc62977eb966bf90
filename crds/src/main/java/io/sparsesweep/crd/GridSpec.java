package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.sparsesweep.protocol.SparsityPattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Grid axes besides model size. {@code unstructured} trials take every sparsity; an {@code n:m}
 * pattern (keep n of every m) takes its own sparsity 1 - n/m; sparsity 0 is the dense baseline.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GridSpec {
    /** Target sparsities in [0, 1) for unstructured pruning; 0 is the dense baseline. */
    @JsonPropertyDescription(
            "Target sparsities (fraction of weights pruned) in [0, 1) for unstructured pruning, at most 32; 0 is the dense baseline. Nonzero values need the unstructured pattern. Default: none.")
    @Size(max = 32)
    @ValidationRule(
            value = "self.all(s, s >= 0.0 && s < 1.0)",
            message = "spec.grid.sparsities must be in [0, 1)")
    private List<Double> sparsities = new ArrayList<>();

    /** Sparsity patterns: {@code unstructured} or {@code n:m} with n < m. */
    @JsonPropertyDescription(
            "Sparsity patterns, at most 8: unstructured (prune any weight; runs every nonzero sparsity) and/or n:m with n < m (keep n of every m consecutive weights; runs at sparsity 1 - n/m). Default: [unstructured].")
    @Size(max = 8)
    @ValidationRule(
            value =
                    "self.all(p, p == 'unstructured' || p.matches('"
                            + SparsityPattern.NM_REGEX
                            + "'))",
            message = "spec.grid.patterns entries must be 'unstructured' or 'n:m'")
    @ValidationRule(
            value =
                    "self.all(p, p == 'unstructured' || !p.matches('^[0-9]+:[0-9]+$')"
                            + " || int(p.substring(0, p.indexOf(':')))"
                            + " < int(p.substring(p.indexOf(':') + 1)))",
            message = "spec.grid.patterns n:m needs n < m")
    private List<@Size(max = 12) String> patterns =
            new ArrayList<>(List.of(SparsityPattern.UNSTRUCTURED_TEXT));

    /** Training lengths in optimiser steps: the data axis (examples = steps x batch size). */
    @JsonPropertyDescription(
            "Training lengths in optimiser steps, 1-16 values, each >= 1: the data axis (training examples D = steps x training.batchSize). Required.")
    @Required
    @Size(min = 1, max = 16)
    @ValidationRule(value = "self.all(s, s >= 1)", message = "spec.grid.steps must be >= 1")
    private List<Long> steps = new ArrayList<>();

    /** Random seeds; each seed repeats every grid point. */
    @JsonPropertyDescription(
            "Random seeds, at most 8; every grid point is trained once per seed. Default: [0].")
    @Size(max = 8)
    private List<Integer> seeds = new ArrayList<>();

    public List<Double> getSparsities() {
        return sparsities;
    }

    public void setSparsities(List<Double> sparsities) {
        this.sparsities = sparsities;
    }

    public List<@Size(max = 12) String> getPatterns() {
        return patterns;
    }

    public void setPatterns(List<String> patterns) {
        this.patterns = patterns;
    }

    public List<Long> getSteps() {
        return steps;
    }

    public void setSteps(List<Long> steps) {
        this.steps = steps;
    }

    public List<Integer> getSeeds() {
        return seeds;
    }

    public void setSeeds(List<Integer> seeds) {
        this.seeds = seeds;
    }
}
