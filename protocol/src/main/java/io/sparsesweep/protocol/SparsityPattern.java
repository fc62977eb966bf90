package io.sparsesweep.protocol;

import java.util.Optional;

/**
 * Which weights may be zero: {@code unstructured} (any, chosen by magnitude) or {@code n:m} (keep
 * {@code n} of every {@code m} consecutive weights along a kernel's input axis). This is the one
 * parser of the pattern text: the planner, the trainer, the result reader and the fitter's CSV
 * reader all call {@link #parse}.
 *
 * <p>Grammar: {@code unstructured}, or {@code n:m} with n and m decimal integers from 1 to 99
 * without sign, spaces or leading zeros, and {@code n < m}. {@link #NM_REGEX} is the syntactic part
 * (the CRD's admission rule uses the same text).
 */
public sealed interface SparsityPattern permits SparsityPattern.Unstructured, SparsityPattern.Nm {
    /** The text of the unstructured pattern. */
    String UNSTRUCTURED_TEXT = "unstructured";

    /** The unstructured pattern. */
    Unstructured UNSTRUCTURED = new Unstructured();

    /** Syntax of an n:m pattern (n < m is checked separately). */
    String NM_REGEX = "^[1-9][0-9]?:[1-9][0-9]?$";

    /** The canonical text: {@code unstructured} or {@code n:m}. */
    String text();

    /** The largest sparsity the pattern can reach. */
    double maxSparsity();

    /** The target sparsity when none is given: 0 for unstructured, {@code 1 - n/m} for n:m. */
    double defaultSparsity();

    /** Unstructured magnitude pruning: every sparsity in [0, 1). */
    record Unstructured() implements SparsityPattern {
        @Override
        public String text() {
            return UNSTRUCTURED_TEXT;
        }

        @Override
        public double maxSparsity() {
            return 1.0;
        }

        @Override
        public double defaultSparsity() {
            return 0.0;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** Keep {@code n} of every {@code m} consecutive weights. */
    record Nm(int n, int m) implements SparsityPattern {
        public Nm {
            if (!(n >= 1 && m <= 99 && n < m)) {
                throw new BadArgumentException(
                        "--pattern "
                                + n
                                + ":"
                                + m
                                + ": n:m needs 1 <= n < m <= 99 (n kept of every m), e.g. 2:4");
            }
        }

        /** The sparsity of an exact n:m mask, {@code 1 - n/m}. */
        public double sparsity() {
            return 1.0 - (double) n / m;
        }

        @Override
        public String text() {
            return n + ":" + m;
        }

        @Override
        public double maxSparsity() {
            return sparsity();
        }

        @Override
        public double defaultSparsity() {
            return sparsity();
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /**
     * Parses a pattern; anything else is a {@link BadArgumentException} naming {@code --pattern}
     * (the raw text is echoed only when it is short).
     */
    static SparsityPattern parse(String text) {
        if (UNSTRUCTURED_TEXT.equals(text)) {
            return UNSTRUCTURED;
        }
        if (text == null || !Syntax.NM.matcher(text).matches()) {
            throw new BadArgumentException(
                    "--pattern "
                            + Texts.quoteShort(text)
                            + ": expected 'unstructured' or n:m such as 2:4");
        }
        int colon = text.indexOf(':');
        return new Nm(
                Integer.parseInt(text.substring(0, colon)),
                Integer.parseInt(text.substring(colon + 1)));
    }

    /** Parses a pattern, or empty when the text is not one. */
    static Optional<SparsityPattern> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (BadArgumentException e) {
            return Optional.empty();
        }
    }
}
