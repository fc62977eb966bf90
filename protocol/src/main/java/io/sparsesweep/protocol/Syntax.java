package io.sparsesweep.protocol;

import java.util.regex.Pattern;

/**
 * The lexical rules of flag values. Numbers are plain decimals: no hex, no Java suffixes ({@code
 * 1.5f}, {@code 3d}), no {@code NaN} or {@code Infinity}, no leading {@code +} — what every
 * language's trainer can parse the same way.
 */
final class Syntax {
    static final Pattern NM = Pattern.compile(SparsityPattern.NM_REGEX);
    static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");
    static final Pattern DECIMAL =
            Pattern.compile(
                    "-?([0-9]{1,30}(\\.[0-9]{0,30})?|\\.[0-9]{1,30})([eE][-+]?[0-9]{1,3})?");

    private Syntax() {}
}
