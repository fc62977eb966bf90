package io.sparsesweep.core.plan;

import io.sparsesweep.crd.ModelSize;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One point of a sweep's grid. Its {@link #id()} is a hash of the canonical text of the point, so
 * it does not depend on the order of the spec's lists, on the size's label, or on when it is
 * computed: the same point always gets the same id (and the same Job names).
 *
 * @param sizeName the model size's label (not part of the id)
 * @param width hidden size
 * @param depth number of blocks
 * @param heads attention heads
 * @param mlpRatio MLP ratio
 * @param sparsity target sparsity in [0, 1)
 * @param pattern {@code unstructured} or {@code n:m}
 * @param steps optimiser steps
 * @param seed random seed
 */
public record GridPoint(
        String sizeName,
        int width,
        int depth,
        int heads,
        int mlpRatio,
        double sparsity,
        String pattern,
        long steps,
        int seed) {

    /** Length of a trial id in hex characters. */
    public static final int ID_LENGTH = 8;

    /** A point for the given model size. */
    public static GridPoint of(
            ModelSize size, double sparsity, String pattern, long steps, int seed) {
        return new GridPoint(
                size.getName(),
                size.getWidth(),
                size.getDepth(),
                size.getHeads(),
                size.effectiveMlpRatio(),
                sparsity,
                pattern,
                steps,
                seed);
    }

    /** The text the id is hashed from: every coordinate, in a fixed order and number format. */
    public String canonical() {
        return "width="
                + width
                + ",depth="
                + depth
                + ",heads="
                + heads
                + ",mlp="
                + mlpRatio
                + ",sparsity="
                + formatSparsity(sparsity)
                + ",pattern="
                + pattern
                + ",steps="
                + steps
                + ",seed="
                + seed;
    }

    /**
     * The trial id: the first {@value #ID_LENGTH} hex digits of SHA-256 of {@link #canonical()}.
     */
    public String id() {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, ID_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Sparsity as the shortest exact decimal ({@code 0.5}, {@code 0.875}, {@code 0}). */
    public static String formatSparsity(double sparsity) {
        if (sparsity == 0.0) {
            return "0";
        }
        return BigDecimal.valueOf(sparsity).stripTrailingZeros().toPlainString();
    }
}
