package io.sparsesweep.runner;

import io.sparsesweep.protocol.TrialResult;
import io.sparsesweep.runner.checkpoint.CheckpointStore;
import io.sparsesweep.runner.config.RunnerConfigException;
import io.sparsesweep.runner.data.Batch;
import io.sparsesweep.runner.data.DataSource;
import io.sparsesweep.runner.data.Datasets;
import io.sparsesweep.runner.data.ImageData;
import io.sparsesweep.runner.export.MaskExporter;
import io.sparsesweep.runner.model.ModelSpec;
import io.sparsesweep.runner.model.ParamSpec;
import io.sparsesweep.runner.model.TensorFlowBackend;
import io.sparsesweep.runner.model.TrainingBackend;
import io.sparsesweep.runner.optim.LrSchedule;
import io.sparsesweep.runner.prune.CubicSchedule;
import io.sparsesweep.runner.prune.MaskCalculator;
import io.sparsesweep.runner.prune.NmPattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Runs one training run: data, model, gradual magnitude pruning, checkpoints, result. The loop is
 * engine-agnostic; it talks to TensorFlow only through {@link TrainingBackend}.
 *
 * <p>Step semantics follow jaxpruner: {@code t} counts optimizer updates already applied; before
 * the update of step {@code t}, if the schedule says so, every mask is recomputed from the current
 * weights at {@code s_t}; after every update masked weights are re-zeroed inside the same step.
 */
public final class Trainer {
    /** Creates the engine for a model; tests may substitute their own. */
    public interface BackendFactory {
        TrainingBackend create(ModelSpec spec, Set<String> prunable, TrainConfig config);
    }

    private static final int RECENT_LOSSES = 50;
    private final BooleanSupplier stopRequested;
    private final BackendFactory backends;

    /** A trainer that never stops early, on TensorFlow. */
    public Trainer() {
        this(() -> false);
    }

    /**
     * @param stopRequested polled after every step; when true the trainer writes a checkpoint and
     *     throws {@link TrainingInterruptedException} (the CLI wires this to SIGTERM)
     */
    public Trainer(BooleanSupplier stopRequested) {
        this(
                stopRequested,
                (spec, prunable, c) ->
                        new TensorFlowBackend(
                                spec,
                                prunable,
                                c.optimizer(),
                                c.weightDecay(),
                                c.adafactorFactored(),
                                c.threads()));
    }

    public Trainer(BooleanSupplier stopRequested, BackendFactory backends) {
        this.stopRequested = stopRequested;
        this.backends = backends;
    }

    /** The data and model of a configuration (exposed for the CLI's dry run and for tests). */
    public record Plan(DataSource data, ModelSpec model, Set<String> prunable) {}

    /** Loads data and fixes the architecture; validates everything that can fail early. */
    public static Plan plan(TrainConfig c) {
        c.validate();
        int width = c.effectiveWidth();
        DataSource data;
        ModelSpec spec;
        if ("lm".equals(c.task())) {
            data =
                    Datasets.text(
                            c.dataset(),
                            c.stripPosTags(),
                            c.seqLen(),
                            c.batchSize(),
                            c.valFraction(),
                            c.valSize(),
                            c.seed());
            spec = ModelSpec.lm(width, c.depth(), c.heads(), c.mlpRatio(), c.seqLen());
        } else {
            ImageData images =
                    Datasets.images(
                            c.dataset(), c.batchSize(), c.valFraction(), c.valSize(), c.seed());
            data = images;
            spec =
                    ModelSpec.vit(
                            width,
                            c.depth(),
                            c.heads(),
                            c.mlpRatio(),
                            c.patchSize(),
                            images.height(),
                            images.width(),
                            images.classes());
        }
        if (c.targetSparsity() > 0) {
            long t0 = c.pruneStartStep();
            long t1 = c.pruneEndStep();
            long firstUpdate = (t0 + c.pruneEvery() - 1) / c.pruneEvery() * c.pruneEvery();
            RunnerConfigException.require(
                    firstUpdate <= t1 && firstUpdate < c.steps(),
                    "--prune-every",
                    c.pruneEvery(),
                    "no mask update falls in the pruning window [step "
                            + t0
                            + ", step "
                            + t1
                            + "] of "
                            + c.steps()
                            + " steps, so nothing would be pruned; lower --prune-every");
        }
        Set<String> prunable = new LinkedHashSet<>();
        MaskCalculator calc = calculator(c);
        for (ParamSpec p : spec.params()) {
            if (p.prunable(c.pruneEmbeddings()) && c.targetSparsity() > 0) {
                calc.checkShape(p.name(), p.shape(), p.inputAxis());
                prunable.add(p.name());
            }
        }
        return new Plan(data, spec, prunable);
    }

    private static MaskCalculator calculator(TrainConfig c) {
        NmPattern nm = c.nmPattern();
        return nm == null ? MaskCalculator.unstructured() : MaskCalculator.iterativeNm(nm);
    }

    /** Trains as configured and returns the result; writes --result/--export-masks if set. */
    public TrialResult train(TrainConfig config, TrainListener listener) {
        long wallStart = System.nanoTime();
        Plan plan = plan(config);
        ModelSpec spec = plan.model();
        DataSource data = plan.data();
        listener.onEvent(data.describe());
        listener.onEvent(
                String.format(
                        java.util.Locale.ROOT,
                        "model %s: width %d, depth %d, heads %d, %d params (%d in block kernels,"
                                + " %d masked), %.3f MFLOP per training example",
                        spec.task(),
                        spec.width(),
                        spec.depth(),
                        spec.heads(),
                        spec.totalParams(),
                        spec.blockParams(),
                        plan.prunable().stream().mapToLong(n -> spec.param(n).size()).sum(),
                        spec.trainFlopsPerExample() / 1e6));
        MaskCalculator calc = calculator(config);
        CubicSchedule schedule =
                new CubicSchedule(
                        config.targetSparsity(),
                        config.pruneStartStep(),
                        config.pruneEndStep(),
                        config.pruneEvery());
        LrSchedule lr =
                new LrSchedule(
                        config.peakLr(), config.warmupSteps(), config.steps(), config.lrSchedule());
        double finalSparsity = schedule.enforcedAt(config.steps() - 1);
        if (config.targetSparsity() > 0 && finalSparsity < config.targetSparsity()) {
            listener.onEvent(
                    String.format(
                            java.util.Locale.ROOT,
                            "note: the last mask update (step %d) is before the window end (step"
                                    + " %d), so the final sparsity will be %.4f, not %.4f; make"
                                    + " the end a multiple of --prune-every to reach the target",
                            Math.min(config.pruneEndStep(), config.steps() - 1)
                                    / config.pruneEvery()
                                    * config.pruneEvery(),
                            config.pruneEndStep(),
                            finalSparsity,
                            config.targetSparsity()));
        }
        CheckpointStore store =
                config.checkpointDir() == null ? null : new CheckpointStore(config.checkpointDir());
        String fingerprint = fingerprint(config);
        ArrayDeque<Double> recent = new ArrayDeque<>();
        long start = 0;
        try (TrainingBackend engine = backends.create(spec, plan.prunable(), config)) {
            Optional<CheckpointStore.Found> found =
                    store == null ? Optional.empty() : store.newest();
            if (found.isPresent()) {
                CheckpointStore.Meta meta = found.get().meta();
                if (!fingerprint.equals(meta.fingerprint())) {
                    throw new RunnerConfigException(
                            "--checkpoint-dir "
                                    + config.checkpointDir()
                                    + ": holds a checkpoint of a different run ("
                                    + meta.fingerprint()
                                    + "); use an empty directory");
                }
                engine.restore(found.get().enginePrefix());
                start = meta.step();
                for (double l : meta.recentLosses()) {
                    recent.addLast(l);
                }
                listener.onEvent("resumed from " + found.get().dir() + " at step " + start);
            } else {
                engine.initialize(initialValues(spec, config.seed()));
            }
            double maskSparsity = maskSparsity(engine, plan);
            long windowStart = System.nanoTime();
            double windowLoss = 0;
            long windowSteps = 0;
            long examplesPerBatch = config.batchSize();
            for (long t = start; t < config.steps(); t++) {
                if (schedule.updatesAt(t)) {
                    long maskStart = System.nanoTime();
                    double s = schedule.sparsityAt(t);
                    long zeros = 0;
                    long entries = 0;
                    for (String name : plan.prunable()) {
                        ParamSpec p = spec.param(name);
                        float[] mask = calc.mask(engine.read(name), p.shape(), p.inputAxis(), s);
                        engine.setMask(name, mask);
                        for (float v : mask) {
                            zeros += v == 0f ? 1 : 0;
                        }
                        entries += mask.length;
                    }
                    maskSparsity = (double) zeros / entries;
                    listener.onEvent(
                            String.format(
                                    java.util.Locale.ROOT,
                                    "masks updated at step %d: target %.4f, now %.4f, took %.1f ms",
                                    t,
                                    s,
                                    maskSparsity,
                                    (System.nanoTime() - maskStart) / 1e6));
                }
                Batch batch = data.trainBatch(t);
                double loss = engine.step(batch, t, lr.at(t));
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException(
                            "training diverged: loss " + loss + " at step " + t + " (lower --lr)");
                }
                listener.onStep(t, loss);
                recent.addLast(loss);
                if (recent.size() > RECENT_LOSSES) {
                    recent.removeFirst();
                }
                windowLoss += loss;
                windowSteps++;
                long done = t + 1;
                if (done % config.logEvery() == 0 || done == config.steps()) {
                    double secs = (System.nanoTime() - windowStart) / 1e9;
                    double eps = windowSteps * examplesPerBatch / secs;
                    listener.onProgress(
                            done,
                            windowLoss / windowSteps,
                            maskSparsity,
                            eps,
                            "lm".equals(spec.task()) ? eps * spec.tokens() : 0);
                    windowStart = System.nanoTime();
                    windowLoss = 0;
                    windowSteps = 0;
                }
                boolean stop = stopRequested.getAsBoolean();
                boolean periodic =
                        config.checkpointEvery() > 0 && done % config.checkpointEvery() == 0;
                if (store != null && (stop || periodic) && done < config.steps()) {
                    Path dir = checkpoint(store, engine, done, config.seed(), fingerprint, recent);
                    listener.onEvent("checkpoint " + dir);
                    if (stop) {
                        throw new TrainingInterruptedException(done, dir);
                    }
                } else if (stop && done < config.steps()) {
                    throw new TrainingInterruptedException(done, null);
                }
            }
            if (store != null && start < config.steps()) {
                listener.onEvent(
                        "checkpoint "
                                + checkpoint(
                                        store,
                                        engine,
                                        config.steps(),
                                        config.seed(),
                                        fingerprint,
                                        recent));
            }
            double valLoss = validationLoss(engine, data);
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
            if (config.exportMasks() != null) {
                MaskExporter export = new MaskExporter(config.exportMasks());
                for (String name : plan.prunable()) {
                    ParamSpec p = spec.param(name);
                    export.add(
                            name,
                            p.shape(),
                            p.inputAxis(),
                            engine.read(name),
                            engine.readMask(name));
                }
                export.finish();
                listener.onEvent("masks exported to " + config.exportMasks());
            }
            double trainLoss =
                    recent.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double wall = (System.nanoTime() - wallStart) / 1e9;
            long examples = config.steps() * config.batchSize();
            long trainedHere = (config.steps() - start) * config.batchSize();
            TrialResult result =
                    TrialResult.builder()
                            .task(spec.task())
                            .valLoss(valLoss)
                            .trainLoss(trainLoss)
                            .steps(config.steps())
                            .examples(examples)
                            .tokens("lm".equals(spec.task()) ? examples * spec.tokens() : 0)
                            .params(
                                    spec.totalParams(),
                                    spec.prunableParams(config.pruneEmbeddings()),
                                    spec.blockParams(),
                                    nonzero)
                            .sparsity(config.targetSparsity())
                            .achievedSparsity(1.0 - (double) nonzero / spec.blockParams())
                            .pattern(calc.pattern())
                            .wallSeconds(wall)
                            .seed(config.seed())
                            .shape(spec.width(), spec.depth(), spec.heads())
                            .optimizer(config.optimizer())
                            .resumedFromStep(start)
                            .examplesPerSecond(trainedHere / wall)
                            .build();
            if (config.resultFile() != null) {
                writeResult(config.resultFile(), result.toJson());
            }
            return result;
        }
    }

    private static Path checkpoint(
            CheckpointStore store,
            TrainingBackend engine,
            long step,
            long seed,
            String fingerprint,
            ArrayDeque<Double> recent) {
        double[] losses = recent.stream().mapToDouble(Double::doubleValue).toArray();
        return store.write(
                new CheckpointStore.Meta(1, step, seed, fingerprint, losses), engine::save);
    }

    private static double maskSparsity(TrainingBackend engine, Plan plan) {
        long zeros = 0;
        long total = 0;
        for (String name : plan.prunable()) {
            for (float v : engine.readMask(name)) {
                total++;
                if (v == 0f) {
                    zeros++;
                }
            }
        }
        return total == 0 ? 0 : (double) zeros / total;
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

    /** Everything that must match for a checkpoint to be resumed by this configuration. */
    static String fingerprint(TrainConfig c) {
        return String.join(
                ",",
                c.task(),
                c.dataset(),
                "w" + c.effectiveWidth(),
                "d" + c.depth(),
                "h" + c.heads(),
                "r" + c.mlpRatio(),
                "steps" + c.steps(),
                "b" + c.batchSize(),
                "t" + c.seqLen(),
                "p" + c.patchSize(),
                c.optimizer(),
                "s" + c.targetSparsity(),
                c.pattern(),
                "seed" + c.seed());
    }

    /**
     * Deterministic initial values from {@code seed}, one generator per tensor keyed by its name
     * (so adding a tensor does not change the others). Kernels ~ N(0, 1/fan_in), residual output
     * kernels additionally scaled by 1/sqrt(2·depth); token embedding ~ N(0, 1) (T5); positions ~
     * N(0, 0.1²); head ~ N(0, 1/d); norm gains 1; biases and norm offsets 0.
     */
    public static Map<String, float[]> initialValues(ModelSpec spec, long seed) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ParamSpec p : spec.params()) {
            float[] v = new float[(int) p.size()];
            double std;
            switch (p.kind()) {
                case NORM -> {
                    if (p.name().endsWith("_g")) {
                        java.util.Arrays.fill(v, 1f);
                    }
                    std = 0;
                }
                case BIAS -> std = 0;
                case POSITION -> std = 0.1;
                case EMBEDDING ->
                        std = "lm".equals(spec.task()) ? 1.0 : 1.0 / Math.sqrt(p.shape()[0]);
                case HEAD -> std = 1.0 / Math.sqrt(p.shape()[0]);
                default -> {
                    std = 1.0 / Math.sqrt(p.shape()[0]);
                    if (p.name().endsWith("attn_o") || p.name().endsWith("mlp_out")) {
                        std /= Math.sqrt(2.0 * spec.depth());
                    }
                }
            }
            if (std > 0) {
                SplittableRandom r = new SplittableRandom(seed * 1_000_003L + p.name().hashCode());
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (r.nextGaussian() * std);
                }
            }
            values.put(p.name(), v);
        }
        return values;
    }

    private static void writeResult(Path file, String json) {
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

    /** The names of the tensors that carry masks for this configuration (for docs and tests). */
    public static List<String> prunableNames(TrainConfig c) {
        return List.copyOf(plan(c).prunable());
    }
}
