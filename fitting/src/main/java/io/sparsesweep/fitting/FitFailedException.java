package io.sparsesweep.fitting;

/**
 * The input was usable but the fit is not: no finite optimum, or a law whose quality on its own
 * points is not finite. The command line exits 1 (not 2) for it; a sweep records a failed fit.
 */
public class FitFailedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public FitFailedException(String message) {
        super(message);
    }
}
