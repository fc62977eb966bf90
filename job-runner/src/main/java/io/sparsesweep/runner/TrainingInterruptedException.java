package io.sparsesweep.runner;

import java.nio.file.Path;

/**
 * Training stopped on request (SIGTERM) after writing a checkpoint; the same command resumes from
 * it. The CLI maps this to exit code 75.
 */
public class TrainingInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long step;
    private final transient Path checkpoint;

    public TrainingInterruptedException(long step, Path checkpoint) {
        super(
                "stopped at step "
                        + step
                        + (checkpoint == null
                                ? " without a checkpoint (no --checkpoint-dir)"
                                : ", checkpoint " + checkpoint));
        this.step = step;
        this.checkpoint = checkpoint;
    }

    public long step() {
        return step;
    }

    /** The checkpoint written, or null when no checkpoint directory was configured. */
    public Path checkpoint() {
        return checkpoint;
    }
}
