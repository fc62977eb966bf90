package io.sparsesweep.crd;

import java.util.Optional;

/**
 * Sparsity pattern names and the parsing of {@code n:m} (keep n of every m consecutive weights).
 */
public final class Patterns {
    /** Unstructured (magnitude) pruning at any sparsity. */
    public static final String UNSTRUCTURED = "unstructured";

    private static final java.util.regex.Pattern NM =
            java.util.regex.Pattern.compile("^([1-9][0-9]?):([1-9][0-9]?)$");

    private Patterns() {}

    /** An n:m pattern: keep {@code n} of every {@code m} consecutive weights. */
    public record NM(int n, int m) {
        /** The sparsity the pattern implies: 1 - n/m. */
        public double sparsity() {
            return 1.0 - (double) n / m;
        }

        @Override
        public String toString() {
            return n + ":" + m;
        }
    }

    /** Parses {@code n:m}; empty for anything else (including {@code unstructured}). */
    public static Optional<NM> parseNm(String pattern) {
        if (pattern == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher matcher = NM.matcher(pattern);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(
                new NM(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))));
    }
}
