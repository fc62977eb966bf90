package io.sparsesweep.runner.prune;

import io.sparsesweep.runner.model.ModelSpec;
import io.sparsesweep.runner.model.ParamSpec;
import io.sparsesweep.runner.model.TrainingBackend;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Gradual magnitude pruning as one object, built once per run: the schedule (when masks change and
 * to what sparsity), the mask calculator (which entries survive) and the tensors that carry masks.
 * The training loop asks only {@link #updatesAt} and {@link #update}; the engine is reached through
 * {@link TrainingBackend}, so the same pruner drives every engine.
 */
public final class GradualPruner {
    private final CubicSchedule schedule;
    private final MaskCalculator calculator;
    private final List<ParamSpec> tensors;

    private GradualPruner(CubicSchedule schedule, MaskCalculator calculator, List<ParamSpec> t) {
        this.schedule = schedule;
        this.calculator = calculator;
        this.tensors = List.copyOf(t);
    }

    /**
     * The pruner of a run, failing early (naming the tensor) if a tensor does not fit the pattern.
     * Every window holds a mask update: the schedule always updates at its end, which {@link
     * io.sparsesweep.runner.TrainConfig#pruneEndStep()} keeps inside the run.
     *
     * @param pattern the n:m pattern, or null for unstructured
     * @param pruneEmbeddings whether the embeddings carry masks too
     */
    public static GradualPruner of(
            CubicSchedule schedule, NmPattern pattern, ModelSpec spec, boolean pruneEmbeddings) {
        MaskCalculator calc =
                pattern == null
                        ? MaskCalculator.unstructured()
                        : MaskCalculator.iterativeNm(pattern);
        List<ParamSpec> prunable = new ArrayList<>();
        for (ParamSpec p : spec.params()) {
            if (p.prunable(pruneEmbeddings) && schedule.target() > 0) {
                calc.checkShape(p.name(), p.shape(), p.inputAxis());
                prunable.add(p);
            }
        }
        return new GradualPruner(schedule, calc, prunable);
    }

    /** The names of the tensors that carry masks, in model order (empty when nothing is pruned). */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (ParamSpec p : tensors) {
            names.add(p.name());
        }
        return names;
    }

    /** The tensors that carry masks, in model order. */
    public List<ParamSpec> tensors() {
        return tensors;
    }

    /** The pattern's name in results: "unstructured" or "n:m". */
    public String pattern() {
        return calculator.pattern();
    }

    public CubicSchedule schedule() {
        return schedule;
    }

    /** Whether masks are recomputed before the optimizer update of step {@code t}. */
    public boolean updatesAt(long t) {
        return schedule.updatesAt(t);
    }

    /**
     * Recomputes every mask from the engine's current weights at the schedule's sparsity for step
     * {@code t} and hands it to the engine.
     *
     * @return the fraction of masked entries that are now zero
     */
    public double update(TrainingBackend engine, long t) {
        double s = schedule.sparsityAt(t);
        long zeros = 0;
        long entries = 0;
        for (ParamSpec p : tensors) {
            float[] mask = calculator.mask(engine.read(p.name()), p.shape(), p.inputAxis(), s);
            engine.setMask(p.name(), mask);
            for (float v : mask) {
                zeros += v == 0f ? 1 : 0;
            }
            entries += mask.length;
        }
        return entries == 0 ? 0 : (double) zeros / entries;
    }

    /** The fraction of masked entries the engine holds at zero now (0 when nothing is pruned). */
    public double maskSparsity(TrainingBackend engine) {
        long zeros = 0;
        long total = 0;
        for (ParamSpec p : tensors) {
            for (float v : engine.readMask(p.name())) {
                total++;
                if (v == 0f) {
                    zeros++;
                }
            }
        }
        return total == 0 ? 0 : (double) zeros / total;
    }
}
