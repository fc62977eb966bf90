package io.sparsesweep.protocol;

import java.math.BigDecimal;

/**
 * The allowed interval of a numeric flag.
 *
 * @param low lower end, or {@code -Infinity}
 * @param lowOpen whether {@code low} itself is excluded
 * @param high upper end, or {@code +Infinity}
 * @param highOpen whether {@code high} itself is excluded
 */
public record Range(double low, boolean lowOpen, double high, boolean highOpen) {
    /** Any value. */
    public static final Range ANY =
            new Range(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);

    /** {@code x >= low}. */
    public static Range atLeast(double low) {
        return new Range(low, false, Double.POSITIVE_INFINITY, true);
    }

    /** {@code x > low}. */
    public static Range above(double low) {
        return new Range(low, true, Double.POSITIVE_INFINITY, true);
    }

    /** {@code low <= x < high}. */
    public static Range closedOpen(double low, double high) {
        return new Range(low, false, high, true);
    }

    /** {@code low <= x <= high}. */
    public static Range closed(double low, double high) {
        return new Range(low, false, high, false);
    }

    /** {@code low < x < high}. */
    public static Range open(double low, double high) {
        return new Range(low, true, high, true);
    }

    /** Whether {@code x} is inside. */
    public boolean contains(double x) {
        boolean aboveLow = lowOpen ? x > low : x >= low;
        boolean belowHigh = highOpen ? x < high : x <= high;
        return aboveLow && belowHigh;
    }

    /** The interval as text: {@code >= 1}, {@code > 0}, {@code [0, 1)}. */
    public String describe() {
        boolean noLow = low == Double.NEGATIVE_INFINITY;
        boolean noHigh = high == Double.POSITIVE_INFINITY;
        if (noLow && noHigh) {
            return "any";
        }
        if (noHigh) {
            return (lowOpen ? "> " : ">= ") + plain(low);
        }
        if (noLow) {
            return (highOpen ? "< " : "<= ") + plain(high);
        }
        return (lowOpen ? "(" : "[") + plain(low) + ", " + plain(high) + (highOpen ? ")" : "]");
    }

    /** The shortest plain decimal of {@code d}: {@code 1}, {@code 0.5}, {@code 0.001}. */
    static String plain(double d) {
        if (d == 0.0) {
            return "0";
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
