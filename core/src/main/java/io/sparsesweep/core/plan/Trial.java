package io.sparsesweep.core.plan;

import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
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

    /** This trial with {@link #withDefaultThreads(List, int)} applied to its flags. */
    public Trial withDefaultThreads(int threads) {
        return new Trial(id, point, withDefaultThreads(trainArgs, threads));
    }

    /**
     * Trainer flags with {@code --threads N} appended unless they set {@code --threads} (the
     * sweep's {@code training.threads}). Without it a trainer sizes its pool by the cores it sees:
     * a trial pod gets N from its CPU limit, a local worker its share of this machine's cores.
     */
    public static List<String> withDefaultThreads(List<String> trainArgs, int threads) {
        if (TrainerArgs.parse(trainArgs).has(TrainerFlag.THREADS)) {
            return List.copyOf(trainArgs);
        }
        List<String> args = new ArrayList<>(trainArgs);
        args.add(TrainerFlag.THREADS.flag());
        args.add(Integer.toString(threads));
        return List.copyOf(args);
    }
}
