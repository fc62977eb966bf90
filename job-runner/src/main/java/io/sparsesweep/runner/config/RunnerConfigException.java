package io.sparsesweep.runner.config;

import io.sparsesweep.protocol.BadArgumentException;

/**
 * A training configuration that cannot run: a flag out of range, an incompatible combination, a
 * data set that does not exist. The message names the flag and the value. It is the protocol's
 * {@link BadArgumentException} (exit code 2), so the operator fails the trial at once instead of
 * retrying it.
 */
public class RunnerConfigException extends BadArgumentException {
    private static final long serialVersionUID = 1L;

    public RunnerConfigException(String message) {
        super(message);
    }

    public RunnerConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Fails with "{@code --flag value: reason}" unless {@code ok}. */
    public static void require(boolean ok, String flag, Object value, String reason) {
        if (!ok) {
            throw new RunnerConfigException(flag + " " + value + ": " + reason);
        }
    }
}
