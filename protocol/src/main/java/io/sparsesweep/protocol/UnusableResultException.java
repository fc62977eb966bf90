package io.sparsesweep.protocol;

/**
 * A result that cannot be used: not one line of JSON, a field missing, out of range or
 * inconsistent, or a result for another grid point than the trial's. The message is the reason, at
 * most {@value TrialProtocol#MAX_REASON_LENGTH} characters, and never carries the raw result text
 * (only field names and numbers formatted here).
 */
public final class UnusableResultException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnusableResultException(String reason) {
        super(Texts.cap(reason, TrialProtocol.MAX_REASON_LENGTH));
    }
}
