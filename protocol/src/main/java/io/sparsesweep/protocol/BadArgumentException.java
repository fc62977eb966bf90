package io.sparsesweep.protocol;

/**
 * A trial configuration that cannot run: an unknown flag, a value of the wrong type or out of
 * range, an impossible combination. The message names the flag and the value. A trainer that meets
 * one exits with {@link TrialExitCodes#BAD_INPUT}, so the sweep fails the trial at once instead of
 * retrying it.
 */
public class BadArgumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadArgumentException(String message) {
        super(message);
    }

    public BadArgumentException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Fails with "{@code --flag value: reason}" unless {@code ok}. */
    public static void require(boolean ok, String flag, Object value, String reason) {
        if (!ok) {
            throw new BadArgumentException(flag + " " + value + ": " + reason);
        }
    }
}
