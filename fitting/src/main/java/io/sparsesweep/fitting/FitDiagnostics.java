package io.sparsesweep.fitting;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * How well the data determine each coefficient. A fit always returns seven numbers; these say which
 * of them mean something.
 *
 * @param conditionNumber largest over smallest singular value of the residuals' Jacobian at the
 *     optimum, in the solver's coordinates (log amplitudes, exponents), or null when the smallest
 *     is zero
 * @param numericalRank singular values above {@value Identifiability#RANK_TOLERANCE} of the
 *     largest; below 7 means some combination of coefficients does not change any prediction
 * @param singularValues the Jacobian's singular values, largest first
 * @param atBound coefficients at or near the edge of the law's domain
 * @param profile for each coefficient, how much worse the data fit when it is moved far away and
 *     every other coefficient refitted
 * @param profileThreshold the rise in {@link Profile} above which the data reject a move: the 95%
 *     point of chi-squared with one degree of freedom
 * @param notIdentified coefficients the data do not determine, in the law's order
 * @param reasons why each of {@code notIdentified} is listed
 * @param derivedAffected for each derived quantity ({@code multipliers}, {@code limitMultiplier},
 *     {@code optimalSparsity}) the not-identified coefficients it depends on; absent when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FitDiagnostics(
        Double conditionNumber,
        int numericalRank,
        double[] singularValues,
        List<Bound> atBound,
        List<Profile> profile,
        double profileThreshold,
        List<String> notIdentified,
        Map<String, String> reasons,
        Map<String, List<String>> derivedAffected) {

    /**
     * A coefficient at or near a bound of the law's domain.
     *
     * @param parameter the coefficient's name
     * @param bound {@code 0} (an amplitude whose term vanishes, or an exponent at or below 0) or
     *     {@code infinity} (an exponent that turned its term into a step)
     * @param detail what was measured
     */
    public record Bound(String parameter, String bound, String detail) {}

    /**
     * A profile check of one coefficient: it is held at its value divided by {@value
     * Identifiability#PROFILE_FACTOR} ({@code lower}) and multiplied by it ({@code upper}) — for
     * the amplitudes, their value at the data's typical N and D — while the other six are refitted.
     * The rises are {@code (n - 7) (objective' - objective) / objective}, the likelihood-ratio
     * statistic of a Gaussian fit; a rise below {@code profileThreshold} on either side means the
     * data fit about as well with the coefficient a thousand times smaller or larger.
     *
     * @param parameter the coefficient's name
     * @param lowerRise the statistic at the lower test value
     * @param upperRise the statistic at the upper test value
     */
    public record Profile(String parameter, double lowerRise, double upperRise) {}

    /** Whether {@code parameter} is one the data do not determine. */
    public boolean notIdentified(String parameter) {
        return notIdentified.contains(parameter);
    }
}
