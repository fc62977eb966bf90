package io.sparsesweep.fitting;

/** Input the fitter cannot use: a malformed file, a value out of range, too few points. */
public class FitInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FitInputException(String message) {
        super(message);
    }
}
