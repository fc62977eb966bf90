/**
 * The sparse scaling law of Frantar et al. (ICLR 2024) and its fitter.
 *
 * <p>The law, in the paper's form, with S the sparsity, N the number of non-zero parameters and D
 * the amount of training data (whatever unit the input column holds):
 *
 * <pre>
 *   L(S, N, D) = (aS (1 - S)^bS + cS) N^-bN + (aD / D)^bD + c
 * </pre>
 *
 * <p>{@link io.sparsesweep.fitting.ScalingLawFitter} fits its seven coefficients by minimising the
 * authors' objective: the Huber loss of the residuals ({@code f - y}, or {@code log f - log y}),
 * averaged over the points. Internally N and D are divided by their geometric means and the four
 * amplitudes are fitted as logarithms, which keeps them positive and the problem well scaled; the
 * coefficients are reported in the units of the input. {@link io.sparsesweep.fitting.FitPipeline}
 * adds bootstrap intervals, a hold-out check and the derived quantities of {@link
 * io.sparsesweep.fitting.DerivedQuantities}.
 */
package io.sparsesweep.fitting;
