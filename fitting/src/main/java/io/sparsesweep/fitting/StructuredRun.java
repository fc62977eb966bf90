package io.sparsesweep.fitting;

/**
 * A run trained to an n:m pattern (for example 2:4) rather than to unstructured sparsity. The law's
 * sparsity term describes unstructured masks, so these runs are kept out of the fit and compared
 * against it instead (see {@link PatternComparison}).
 *
 * @param pattern the pattern as written in the results, e.g. {@code 2:4}
 * @param point the run
 */
public record StructuredRun(String pattern, Observation point) {}
