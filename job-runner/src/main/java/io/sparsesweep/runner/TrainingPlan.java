package io.sparsesweep.runner;

import io.sparsesweep.runner.data.DataSource;
import io.sparsesweep.runner.data.Datasets;
import io.sparsesweep.runner.data.ImageData;
import io.sparsesweep.runner.model.ModelSpec;
import io.sparsesweep.runner.prune.CubicSchedule;
import io.sparsesweep.runner.prune.GradualPruner;
import java.util.Locale;
import java.util.Set;

/**
 * What a configuration trains: its data, its architecture and its pruner. Building the plan loads
 * the data and validates everything that can fail before an engine starts (exposed for the CLI's
 * dry run and for tests).
 */
public record TrainingPlan(DataSource data, ModelSpec model, GradualPruner pruner) {

    /** Loads data and fixes the architecture and the pruning; validates the configuration. */
    public static TrainingPlan of(TrainConfig c) {
        c.validate();
        TrainingEngine.named(c.run().engine()); // an engine missing from this build is a bad flag
        int width = c.effectiveWidth();
        TrainConfig.Model m = c.model();
        TrainConfig.Data d = c.data();
        long seed = c.run().seed();
        DataSource data;
        ModelSpec spec;
        if ("lm".equals(m.task())) {
            data =
                    Datasets.text(
                            d.dataset(),
                            d.stripPosTags(),
                            m.seqLen(),
                            d.batchSize(),
                            d.valFraction(),
                            d.valSize(),
                            seed);
            spec = ModelSpec.lm(width, m.depth(), m.heads(), m.mlpRatio(), m.seqLen());
        } else {
            ImageData images =
                    Datasets.images(d.dataset(), d.batchSize(), d.valFraction(), d.valSize(), seed);
            data = images;
            spec =
                    ModelSpec.vit(
                            width,
                            m.depth(),
                            m.heads(),
                            m.mlpRatio(),
                            m.patchSize(),
                            images.height(),
                            images.width(),
                            images.classes());
        }
        CubicSchedule schedule =
                new CubicSchedule(
                        c.targetSparsity(),
                        c.pruneStartStep(),
                        c.pruneEndStep(),
                        c.effectivePruneEvery());
        GradualPruner pruner =
                GradualPruner.of(schedule, c.pruning().nmPattern(), spec, c.pruning().embeddings());
        return new TrainingPlan(data, spec, pruner);
    }

    /** The names of the tensors that carry masks. */
    public Set<String> prunable() {
        return pruner.names();
    }

    /** One line describing the model, for the run's log. */
    public String describeModel() {
        return String.format(
                Locale.ROOT,
                "model %s: width %d, depth %d, heads %d, %d params (%d in block kernels,"
                        + " %d masked), %.3f MFLOP per training example",
                model.task(),
                model.width(),
                model.depth(),
                model.heads(),
                model.totalParams(),
                model.blockParams(),
                pruner.tensors().stream().mapToLong(p -> p.size()).sum(),
                model.trainFlopsPerExample() / 1e6);
    }
}
