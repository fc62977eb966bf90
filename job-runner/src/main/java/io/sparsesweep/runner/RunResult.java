package io.sparsesweep.runner;

import io.sparsesweep.protocol.TrialResult;
import io.sparsesweep.runner.data.Batch;
import io.sparsesweep.runner.data.DataSource;
import io.sparsesweep.runner.export.MaskExporter;
import io.sparsesweep.runner.model.ModelSpec;
import io.sparsesweep.runner.model.ParamSpec;
import io.sparsesweep.runner.model.TrainingBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The end of a run: validation loss, the weights actually zero, the masks exported ({@code
 * --export-masks}) and the protocol's result, written to {@code --result} when set.
 */
final class RunResult {
    private RunResult() {}

    /**
     * @param start the step this process started from (0, or where it resumed)
     * @param wallStart {@link System#nanoTime()} when this process started the run
     */
    static TrialResult finish(
            TrainConfig config,
            TrainingPlan plan,
            TrainingBackend engine,
            long start,
            RecentLosses recent,
            long wallStart,
            TrainListener listener) {
        ModelSpec spec = plan.model();
        double valLoss = validationLoss(engine, plan.data());
        long nonzero = nonzeroBlockWeights(engine, spec);
        if (config.io().exportMasks() != null) {
            MaskExporter export = new MaskExporter(config.io().exportMasks());
            for (ParamSpec p : plan.pruner().tensors()) {
                export.add(
                        p.name(),
                        p.shape(),
                        p.inputAxis(),
                        engine.read(p.name()),
                        engine.readMask(p.name()));
            }
            export.finish();
            listener.onEvent("masks exported to " + config.io().exportMasks());
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        long examples = config.run().steps() * config.data().batchSize();
        long trainedHere = (config.run().steps() - start) * config.data().batchSize();
        TrialResult result =
                TrialResult.builder()
                        .task(spec.task())
                        .valLoss(valLoss)
                        .trainLoss(recent.mean())
                        .steps(config.run().steps())
                        .examples(examples)
                        .tokens("lm".equals(spec.task()) ? examples * spec.tokens() : 0)
                        .params(
                                spec.totalParams(),
                                spec.prunableParams(config.pruning().embeddings()),
                                spec.blockParams(),
                                nonzero)
                        .sparsity(config.targetSparsity())
                        .achievedSparsity(1.0 - (double) nonzero / spec.blockParams())
                        .pattern(plan.pruner().pattern())
                        .wallSeconds(wall)
                        .seed(config.run().seed())
                        .shape(spec.width(), spec.depth(), spec.heads())
                        .optimizer(config.optimizer().name())
                        .resumedFromStep(start)
                        .examplesPerSecond(trainedHere / wall)
                        .engine(config.run().engine())
                        .flopsPerExample(spec.trainFlopsPerExample(), spec.blockFlopsPerExample())
                        .build();
        if (config.io().resultFile() != null) {
            write(config.io().resultFile(), result.toJson());
        }
        return result;
    }

    /** Mean loss over the fixed validation set, weighting batches by their examples. */
    static double validationLoss(TrainingBackend engine, DataSource data) {
        double sum = 0;
        long n = 0;
        for (Batch b : data.validation()) {
            sum += engine.loss(b) * b.examples();
            n += b.examples();
        }
        return sum / n;
    }

    /** The block kernels' weights that are not exactly zero (what the law's N counts). */
    private static long nonzeroBlockWeights(TrainingBackend engine, ModelSpec spec) {
        long nonzero = 0;
        for (ParamSpec p : spec.params()) {
            if (p.kind() == ParamSpec.Kind.BLOCK_KERNEL) {
                for (float v : engine.read(p.name())) {
                    if (v != 0f) {
                        nonzero++;
                    }
                }
            }
        }
        return nonzero;
    }

    private static void write(Path file, String json) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.exists(parent)) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write --result " + file, e);
        }
    }
}
