package io.sparsesweep.core.plan;

import io.sparsesweep.protocol.TrainerArgs;
import java.util.ArrayList;
import java.util.List;

/**
 * One planned trial: a grid point, its stable id and the {@code ./sparsesweep train} flags that run
 * it. The flags leave out {@code --checkpoint-dir} and {@code --result}, which depend on where the
 * trial runs; {@link #trainArgs(String, String)} adds them.
 *
 * @param id stable id of the grid point
 * @param point the grid point
 * @param trainArgs trainer flags for the point and the sweep's training settings
 */
public record Trial(String id, GridPoint point, List<String> trainArgs) {
    public Trial {
        trainArgs = List.copyOf(trainArgs);
    }

    /** The trainer flags as the protocol reads them (what a result must echo). */
    public TrainerArgs args() {
        return TrainerArgs.parse(trainArgs);
    }

    /** The trainer flags plus where to checkpoint and where to write the result JSON. */
    public List<String> trainArgs(String checkpointDir, String resultFile) {
        List<String> args = new ArrayList<>(trainArgs);
        if (checkpointDir != null) {
            args.add("--checkpoint-dir");
            args.add(checkpointDir);
        }
        if (resultFile != null) {
            args.add("--result");
            args.add(resultFile);
        }
        return List.copyOf(args);
    }
}
