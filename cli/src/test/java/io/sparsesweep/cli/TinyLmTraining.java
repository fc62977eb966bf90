package io.sparsesweep.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The smallest language-model run of {@code sparsesweep train} that still trains, logs and
 * checkpoints (one layer of width 16, single thread): the command line the process-level tests
 * start.
 */
final class TinyLmTraining {
    private TinyLmTraining() {}

    /** The model and batch of every tiny run: one layer of width 16, 2 heads, 4 sequences of 8. */
    static List<String> modelFlags() {
        return List.of(
                "--width",
                "16",
                "--depth",
                "1",
                "--heads",
                "2",
                "--seq-len",
                "8",
                "--batch-size",
                "4");
    }

    /** {@code train} and its flags: {@code steps} steps, progress every 5, checkpoints in a dir. */
    static List<String> trainArgs(long steps, Path checkpointDir) {
        List<String> args = new ArrayList<>(List.of("train", "--task", "lm"));
        args.addAll(modelFlags());
        args.addAll(
                List.of(
                        "--steps",
                        Long.toString(steps),
                        "--log-every",
                        "5",
                        "--threads",
                        "1",
                        "--val-size",
                        "4",
                        "--checkpoint-dir",
                        checkpointDir.toString()));
        return List.copyOf(args);
    }
}
