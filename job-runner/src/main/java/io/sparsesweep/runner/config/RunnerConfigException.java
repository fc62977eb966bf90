package io.sparsesweep.runner.config;

import io.sparsesweep.protocol.BadArgumentException;

/**
 * A training configuration that cannot run: a flag out of range, an incompatible combination, a
 * data set that does not exist. The message names the flag and the value. It is the protocol's
 * {@link BadArgumentException} (exit code 2), so the operator fails the trial at once instead of
 * retrying it. A plain check of one flag's value uses {@link BadArgumentException#require}; this
 * type is for what only the trainer can find (a data set it cannot read, a checkpoint of another
 * run).
 */
public class RunnerConfigException extends BadArgumentException {
    private static final long serialVersionUID = 1L;

    public RunnerConfigException(String message) {
        super(message);
    }

    public RunnerConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
