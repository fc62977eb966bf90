package io.sparsesweep.cli;

import io.sparsesweep.runner.SigtermFlag;
import io.sparsesweep.runner.TrainConfig;
import io.sparsesweep.runner.TrainListener;
import io.sparsesweep.runner.TrainResult;
import io.sparsesweep.runner.Trainer;
import io.sparsesweep.runner.TrainingInterruptedException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparsesweep train}: one training run; thin wrapper over {@link Trainer}. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Train one ViT or byte-level LM with TensorFlow-Java (CPU), pruning gradually to the"
                    + " target sparsity (cubic schedule, per-tensor magnitude; unstructured or n:m"
                    + " along the input axis).",
            "Progress lines go to stderr; the one-line result JSON goes to stdout and to --result."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:trained; result written",
            "1:failed while training (I/O error, divergence, bug)",
            "2:bad configuration (flag value, data set, pattern/shape mismatch)",
            "75:SIGTERM received; checkpoint written (with --checkpoint-dir); rerun to resume"
        })
final class TrainCommand implements Callable<Integer> {
    static final Path TERMINATION_LOG = Path.of("/dev/termination-log");

    @Spec CommandSpec spec;

    @Option(
            names = "--task",
            defaultValue = "lm",
            description = "vit or lm (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(
            names = "--dataset",
            defaultValue = "synthetic",
            description =
                    "synthetic, or a PATH: for vit an IDX images file or a folder with train-images*"
                            + " (and optionally t10k-* as the validation split), gzipped or not; for"
                            + " lm a text file or a folder of text files (byte-level). Default:"
                            + " ${DEFAULT-VALUE}.")
    String dataset;

    @Option(
            names = "--strip-pos-tags",
            description = "Text is word/TAG tokens (Brown corpus): keep the words.")
    boolean stripPosTags;

    @Option(
            names = "--width",
            defaultValue = "128",
            description = "Model width d (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(
            names = "--depth",
            defaultValue = "2",
            description = "Transformer blocks (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(
            names = "--heads",
            defaultValue = "4",
            description = "Attention heads; must divide the width (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(
            names = "--mlp-ratio",
            defaultValue = "4",
            description = "MLP width / d (default: ${DEFAULT-VALUE}).")
    double mlpRatio;

    @Option(
            names = "--scale",
            defaultValue = "1",
            description =
                    "Multiplies the dense block-parameter count: the width becomes"
                            + " round(width*sqrt(scale)/heads)*heads (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(
            names = "--steps",
            defaultValue = "1000",
            description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(
            names = "--batch-size",
            defaultValue = "16",
            description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--seq-len",
            defaultValue = "128",
            description = "lm: bytes per sequence (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(
            names = "--patch-size",
            defaultValue = "4",
            description = "vit: patch side in pixels (default: ${DEFAULT-VALUE}).")
    int patchSize;

    @Option(
            names = "--optimizer",
            defaultValue = "adafactor",
            description = "adafactor or adamw (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(
            names = "--lr",
            description =
                    "Peak learning rate (default: 1e-2 adafactor, relative to the parameter RMS; 1e-3 adamw).")
    Double lr;

    @Option(
            names = "--lr-schedule",
            defaultValue = "rsqrt",
            description =
                    "After linear warm-up: rsqrt (T5) or cosine to 10%% (default: ${DEFAULT-VALUE}).")
    String lrSchedule;

    @Option(
            names = "--warmup-steps",
            defaultValue = "100",
            description = "Linear warm-up steps (default: ${DEFAULT-VALUE}).")
    long warmupSteps;

    @Option(
            names = "--weight-decay",
            defaultValue = "0",
            description = "Decoupled weight decay on >=2-D tensors (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(
            names = "--adafactor-factored",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "AdaFactor: factor the second moment of 2-D tensors (default: ${DEFAULT-VALUE}; --no-adafactor-factored as the paper's released T5 chain).")
    boolean adafactorFactored;

    @Option(
            names = "--sparsity",
            description =
                    "Target fraction of zeros in [0, 1) (default: 0 unstructured, 1-n/m for n:m; at most 1-n/m).")
    Double sparsity;

    @Option(
            names = "--pattern",
            defaultValue = "unstructured",
            description =
                    "unstructured or n:m such as 2:4 (n kept in every m along the input axis) (default: ${DEFAULT-VALUE}).")
    String pattern;

    @Option(
            names = "--prune-start",
            defaultValue = "0.25",
            description =
                    "Pruning starts at this fraction of the steps (default: ${DEFAULT-VALUE}).")
    double pruneStart;

    @Option(
            names = "--prune-end",
            defaultValue = "0.75",
            description =
                    "Target sparsity reached at this fraction of the steps (default: ${DEFAULT-VALUE}).")
    double pruneEnd;

    @Option(
            names = "--prune-every",
            defaultValue = "100",
            description = "Steps between mask updates (default: ${DEFAULT-VALUE}).")
    long pruneEvery;

    @Option(
            names = "--prune-embeddings",
            description = "Also prune the token/patch embedding and the output head.")
    boolean pruneEmbeddings;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Initialisation and data order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "TensorFlow intra-op threads; 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--checkpoint-dir",
            description = "Write checkpoints here and resume from the newest valid one.")
    Path checkpointDir;

    @Option(
            names = "--checkpoint-every",
            defaultValue = "0",
            description =
                    "Steps between checkpoints; 0 = only on SIGTERM and at the end (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(
            names = "--result",
            description =
                    "Write the one-line result JSON here (default: /dev/termination-log when it exists and is writable, else nowhere).")
    Path result;

    @Option(
            names = "--export-masks",
            description =
                    "Write final weights and masks of pruned tensors as .npy plus index.json into this folder.")
    Path exportMasks;

    @Option(
            names = "--val-fraction",
            defaultValue = "0.1",
            description =
                    "Held-out tail of the data when there is no separate test split (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(
            names = "--val-size",
            defaultValue = "256",
            description =
                    "Validation examples (sequences or images) used for valLoss (default: ${DEFAULT-VALUE}).")
    int valSize;

    @Option(
            names = "--log-every",
            defaultValue = "50",
            description = "Steps between progress lines (default: ${DEFAULT-VALUE}).")
    long logEvery;

    TrainConfig config() {
        return TrainConfig.builder()
                .task(task)
                .dataset(dataset)
                .stripPosTags(stripPosTags)
                .width(width)
                .depth(depth)
                .heads(heads)
                .mlpRatio(mlpRatio)
                .scale(scale)
                .steps(steps)
                .batchSize(batchSize)
                .seqLen(seqLen)
                .patchSize(patchSize)
                .optimizer(optimizer)
                .lr(lr == null ? Double.NaN : lr)
                .lrSchedule(lrSchedule)
                .warmupSteps(warmupSteps)
                .weightDecay(weightDecay)
                .adafactorFactored(adafactorFactored)
                .sparsity(sparsity == null ? Double.NaN : sparsity)
                .pattern(pattern)
                .pruneStart(pruneStart)
                .pruneEnd(pruneEnd)
                .pruneEvery(pruneEvery)
                .pruneEmbeddings(pruneEmbeddings)
                .seed(seed)
                .threads(threads)
                .checkpointDir(checkpointDir)
                .checkpointEvery(checkpointEvery)
                .resultFile(result != null ? result : defaultResultFile())
                .exportMasks(exportMasks)
                .valFraction(valFraction)
                .valSize(valSize)
                .logEvery(logEvery)
                .build();
    }

    static Path defaultResultFile() {
        return Files.isRegularFile(TERMINATION_LOG) && Files.isWritable(TERMINATION_LOG)
                ? TERMINATION_LOG
                : null;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        AtomicBoolean stop = new AtomicBoolean();
        SigtermFlag.install(stop);
        TrainListener progress =
                new TrainListener() {
                    @Override
                    public void onProgress(
                            long step,
                            double loss,
                            double sparsity,
                            double exPerSec,
                            double tokPerSec) {
                        err.println(
                                String.format(
                                        Locale.ROOT,
                                        "step %d/%d loss %.4f sparsity %.4f %.1f ex/s%s",
                                        step,
                                        steps,
                                        loss,
                                        sparsity,
                                        exPerSec,
                                        tokPerSec > 0
                                                ? String.format(
                                                        Locale.ROOT, " %.0f tok/s", tokPerSec)
                                                : ""));
                        err.flush();
                    }

                    @Override
                    public void onEvent(String message) {
                        err.println(message);
                        err.flush();
                    }
                };
        try {
            TrainResult r = new Trainer(stop::get).train(config(), progress);
            out.println(r.toJson());
            out.flush();
            return ExitCodes.OK;
        } catch (TrainingInterruptedException e) {
            err.println("interrupted: " + e.getMessage());
            err.flush();
            return ExitCodes.RETRYABLE;
        }
    }
}
