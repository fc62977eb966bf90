package io.sparsesweep.core;

import java.util.List;

/** What a sweep's {@code spec.trainer.command} runs: the built-in trainer or another program. */
public final class TrainerCommands {
    private TrainerCommands() {}

    /**
     * Whether the command runs the built-in trainer: none given (the runner image's entrypoint,
     * {@code sparsesweep train}) or {@code sparsesweep train} at any path. The operator refuses a
     * multi-host slice for it; {@code sparsesweep run} trains it in its own JVM instead of starting
     * a process per trial.
     */
    public static boolean isBuiltIn(List<String> command) {
        if (command == null || command.isEmpty()) {
            return true;
        }
        String first = command.get(0);
        String exe = first.substring(first.lastIndexOf('/') + 1);
        return exe.equals("sparsesweep") && command.size() > 1 && command.get(1).equals("train");
    }
}
