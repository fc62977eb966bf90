package io.sparsesweep.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * The smallest language-model run of {@code sparsesweep train} that still trains, logs and
 * checkpoints (one layer of width 16, single thread): the command line the process-level tests
 * start.
 */
final class TinyLmTraining {
    private TinyLmTraining() {}

    /** {@code train} and its flags: {@code steps} steps, progress every 5, checkpoints in a dir. */
    static List<String> trainArgs(long steps, Path checkpointDir) {
        return List.of(
                "train",
                "--task",
                "lm",
                "--width",
                "16",
                "--depth",
                "1",
                "--heads",
                "2",
                "--seq-len",
                "8",
                "--batch-size",
                "4",
                "--steps",
                Long.toString(steps),
                "--log-every",
                "5",
                "--threads",
                "1",
                "--val-size",
                "4",
                "--checkpoint-dir",
                checkpointDir.toString());
    }
}
