package io.sparsesweep.core;

import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.crd.DatasetVolume;
import io.sparsesweep.crd.FailurePolicy;
import io.sparsesweep.crd.FittingSpec;
import io.sparsesweep.crd.GridSpec;
import io.sparsesweep.crd.ModelSize;
import io.sparsesweep.crd.ModelSpec;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.crd.SweepLimits;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.TrainerSpec;
import io.sparsesweep.crd.TrainingSpec;
import io.sparsesweep.protocol.SparsityPattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a sweep beyond what the CRD schema and CEL rules enforce at admission (and repeats the
 * rules that matter, because the local runner reads manifests no API server has seen). Every error
 * names the field and the offending value.
 */
public final class SpecValidator {
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile(
                    "^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern MOUNT_PATH = Pattern.compile(SparseSweepSpec.MOUNT_PATH_PATTERN);
    private static final Pattern DATASET_PATH = Pattern.compile(DatasetVolume.PATH_PATTERN);

    private SpecValidator() {}

    /** Throws {@link SpecValidationException} listing every error, or returns normally. */
    public static void check(SparseSweep sweep) {
        List<String> errors = validate(sweep);
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
    }

    /** Every error in the sweep; empty when valid. */
    public static List<String> validate(SparseSweep sweep) {
        List<String> errors = new ArrayList<>();
        String name = sweep.getMetadata() == null ? null : sweep.getMetadata().getName();
        if (name == null || name.isEmpty()) {
            errors.add("metadata.name: is required");
        } else if (name.length() > SweepNames.MAX_SWEEP_NAME_LENGTH
                || !DNS_LABEL.matcher(name).matches()) {
            errors.add(
                    "metadata.name: '"
                            + name
                            + "' must be a DNS label of at most "
                            + SweepNames.MAX_SWEEP_NAME_LENGTH
                            + " characters (child Job names add 13)");
        }
        SparseSweepSpec spec = sweep.getSpec();
        if (spec == null) {
            errors.add("spec: is required");
            return errors;
        }
        validateSpec(spec, errors);
        return errors;
    }

    private static void validateSpec(SparseSweepSpec spec, List<String> errors) {
        if (spec.getTask() == null) {
            errors.add("spec.task: is required (vit or lm)");
        }
        if (spec.getDataset() == null || spec.getDataset().isBlank()) {
            errors.add("spec.dataset: is required");
        } else if (spec.getDatasetVolume() != null) {
            validateDatasetVolume(spec, errors);
        }
        validateModel(spec.getModel(), errors);
        validateGrid(spec.getGrid(), errors);
        validateTraining(spec.effectiveTraining(), errors);
        validateTrainer(spec.getTrainer(), errors);
        if (spec.getParallelism() != null && spec.getParallelism() < 1) {
            errors.add("spec.parallelism: " + spec.getParallelism() + " must be >= 1");
        }
        FailurePolicy fp = spec.effectiveFailurePolicy();
        if (fp.getMaxFailedTrials() != null && fp.getMaxFailedTrials() < 0) {
            errors.add(
                    "spec.failurePolicy.maxFailedTrials: "
                            + fp.getMaxFailedTrials()
                            + " must be >= 0");
        }
        if (fp.getRetriesPerTrial() != null
                && (fp.getRetriesPerTrial() < 0 || fp.getRetriesPerTrial() > 20)) {
            errors.add(
                    "spec.failurePolicy.retriesPerTrial: "
                            + fp.getRetriesPerTrial()
                            + " must be in [0, 20]");
        }
        PodTemplateChecks.check("spec.podTemplate", spec.getPodTemplate(), errors);
        if (spec.getQueueName() != null && !DNS_LABEL.matcher(spec.getQueueName()).matches()) {
            errors.add("spec.queueName: '" + spec.getQueueName() + "' is not a valid queue name");
        }
        FittingSpec fit = spec.effectiveFitting();
        SpecFitOptions.check(fit, errors);
        if (errors.isEmpty()) {
            int trials = SweepPlanner.count(spec);
            if (trials == 0) {
                errors.add("spec.grid: expands to no trials (no sparsities and no n:m patterns)");
            } else if (trials > SweepLimits.MAX_TRIALS) {
                errors.add(
                        "spec.grid: expands to "
                                + trials
                                + " trials, more than the limit of "
                                + SweepLimits.MAX_TRIALS);
            }
            if (fit.fits() && trials < fit.effectiveMinSucceededTrials()) {
                errors.add(
                        "spec.fitting.minSucceededTrials: "
                                + fit.effectiveMinSucceededTrials()
                                + " exceeds the "
                                + trials
                                + " trials of the grid (add grid points or disable fitting)");
            }
        }
    }

    private static void validateModel(ModelSpec model, List<String> errors) {
        if (model == null || model.getSizes() == null || model.getSizes().isEmpty()) {
            errors.add("spec.model.sizes: at least one size is required");
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < model.getSizes().size(); i++) {
            ModelSize s = model.getSizes().get(i);
            String f = "spec.model.sizes[" + i + "]";
            if (s.getName() == null || !DNS_LABEL.matcher(s.getName()).matches()) {
                errors.add(f + ".name: '" + s.getName() + "' must be a short DNS label");
            } else if (!names.add(s.getName())) {
                errors.add(f + ".name: '" + s.getName() + "' is used twice");
            }
            positive(f + ".width", s.getWidth(), errors);
            positive(f + ".depth", s.getDepth(), errors);
            positive(f + ".heads", s.getHeads(), errors);
            if (s.getLearningRate() != null && !(s.getLearningRate() > 0)) {
                errors.add(f + ".learningRate: " + s.getLearningRate() + " must be > 0");
            }
            if (s.getMlpRatio() != null && s.getMlpRatio() < 1) {
                errors.add(f + ".mlpRatio: " + s.getMlpRatio() + " must be >= 1");
            }
            if (s.getWidth() != null
                    && s.getHeads() != null
                    && s.getHeads() > 0
                    && s.getWidth() % s.getHeads() != 0) {
                errors.add(
                        f
                                + ".width: "
                                + s.getWidth()
                                + " is not divisible by heads "
                                + s.getHeads());
            }
        }
    }

    private static void validateGrid(GridSpec grid, List<String> errors) {
        if (grid == null) {
            errors.add("spec.grid: is required");
            return;
        }
        List<Double> sparsities = grid.getSparsities() == null ? List.of() : grid.getSparsities();
        Set<Double> seenS = new HashSet<>();
        boolean nonzero = false;
        for (int i = 0; i < sparsities.size(); i++) {
            Double s = sparsities.get(i);
            if (s == null || !(s >= 0.0 && s < 1.0)) {
                errors.add("spec.grid.sparsities[" + i + "]: " + s + " is not in [0, 1)");
            } else if (!seenS.add(s)) {
                errors.add("spec.grid.sparsities[" + i + "]: " + s + " is listed twice");
            } else if (s > 0) {
                nonzero = true;
            }
        }
        List<String> patterns =
                grid.getPatterns() == null || grid.getPatterns().isEmpty()
                        ? List.of(SparsityPattern.UNSTRUCTURED_TEXT)
                        : grid.getPatterns();
        Set<String> seenP = new HashSet<>();
        for (int i = 0; i < patterns.size(); i++) {
            String p = patterns.get(i);
            String f = "spec.grid.patterns[" + i + "]";
            if (SparsityPattern.tryParse(p).isEmpty()) {
                boolean nmSyntax = p != null && p.matches(SparsityPattern.NM_REGEX);
                errors.add(
                        f
                                + ": '"
                                + p
                                + (nmSyntax
                                        ? "' needs n < m"
                                        : "' must be 'unstructured' or 'n:m'"));
            } else if (!seenP.add(p)) {
                errors.add(f + ": '" + p + "' is listed twice");
            }
        }
        if (nonzero && !patterns.contains(SparsityPattern.UNSTRUCTURED_TEXT)) {
            errors.add(
                    "spec.grid.sparsities: nonzero sparsities apply to pattern 'unstructured',"
                            + " which spec.grid.patterns does not list");
        }
        if (grid.getSteps() == null || grid.getSteps().isEmpty()) {
            errors.add("spec.grid.steps: at least one value is required");
        } else {
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < grid.getSteps().size(); i++) {
                Long st = grid.getSteps().get(i);
                if (st == null || st < 1) {
                    errors.add("spec.grid.steps[" + i + "]: " + st + " must be >= 1");
                } else if (!seen.add(st)) {
                    errors.add("spec.grid.steps[" + i + "]: " + st + " is listed twice");
                }
            }
        }
        if (grid.getSeeds() != null
                && new HashSet<>(grid.getSeeds()).size() != grid.getSeeds().size()) {
            errors.add("spec.grid.seeds: " + grid.getSeeds() + " lists a seed twice");
        }
    }

    private static void validateTraining(TrainingSpec t, List<String> errors) {
        fraction("spec.training.pruneStart", t.getPruneStart(), errors);
        fraction("spec.training.pruneEnd", t.getPruneEnd(), errors);
        if (t.getPruneStart() != null
                && t.getPruneEnd() != null
                && t.getPruneStart() > t.getPruneEnd()) {
            errors.add(
                    "spec.training.pruneStart: "
                            + t.getPruneStart()
                            + " exceeds pruneEnd "
                            + t.getPruneEnd());
        }
        positive("spec.training.batchSize", t.getBatchSize(), errors);
        positive("spec.training.seqLen", t.getSeqLen(), errors);
        positive("spec.training.patchSize", t.getPatchSize(), errors);
        positive("spec.training.valSize", t.getValSize(), errors);
        if (t.getLearningRate() != null && !(t.getLearningRate() > 0)) {
            errors.add("spec.training.learningRate: " + t.getLearningRate() + " must be > 0");
        }
        if (t.getWarmupFraction() != null
                && !(t.getWarmupFraction() >= 0 && t.getWarmupFraction() < 1)) {
            errors.add(
                    "spec.training.warmupFraction: " + t.getWarmupFraction() + " is not in [0, 1)");
        }
        if (t.getWarmupFraction() != null && t.getWarmupSteps() != null) {
            errors.add(
                    "spec.training.warmupFraction: set either it or warmupSteps, not both (got "
                            + t.getWarmupFraction()
                            + " and "
                            + t.getWarmupSteps()
                            + ")");
        }
    }

    private static void validateTrainer(TrainerSpec t, List<String> errors) {
        if (t == null) {
            errors.add("spec.trainer: is required");
            return;
        }
        if (t.getImage() != null && t.getImage().isBlank()) {
            errors.add("spec.trainer.image: must not be blank (omit it for the default)");
        }
        if (t.getCommand() != null && t.getCommand().isEmpty()) {
            errors.add("spec.trainer.command: must not be empty (omit it for the default)");
        }
        if (t.getAccelerator() != null) {
            if (t.getAccelerator().getResource() == null) {
                errors.add("spec.trainer.accelerator.resource: is required");
            }
            positive("spec.trainer.accelerator.count", t.getAccelerator().getCount(), errors);
        }
        PodFieldChecks.trainer(t, errors);
        if (t.getCheckpointPath() != null && !t.getCheckpointPath().startsWith("/")) {
            errors.add(
                    "spec.trainer.checkpointPath: '"
                            + t.getCheckpointPath()
                            + "' must be an absolute path");
        }
    }

    /** The claim is mounted at spec.dataset, next to /tmp and the checkpoint volume. */
    private static void validateDatasetVolume(SparseSweepSpec spec, List<String> errors) {
        DatasetVolume v = spec.getDatasetVolume();
        String mountPath = spec.getDataset();
        if (!MOUNT_PATH.matcher(mountPath).matches()) {
            errors.add(
                    "spec.dataset: '"
                            + mountPath
                            + "' must be an absolute path (no '.' or '..' segments) when"
                            + " spec.datasetVolume is set: it is where the claim is mounted");
        } else {
            String checkpoints =
                    spec.getTrainer() == null ? null : spec.getTrainer().effectiveCheckpointPath();
            for (String taken : new String[] {"/tmp", checkpoints}) {
                if (taken != null && mountPath.equals(taken)) {
                    errors.add(
                            "spec.dataset: '"
                                    + mountPath
                                    + "' is already a mount point of trial pods (/tmp and"
                                    + " spec.trainer.checkpointPath); mount the data elsewhere");
                }
            }
        }
        if (v.getClaimName() == null || !DNS_SUBDOMAIN.matcher(v.getClaimName()).matches()) {
            errors.add(
                    "spec.datasetVolume.claimName: '"
                            + v.getClaimName()
                            + "' must be the name of a PersistentVolumeClaim");
        }
        if (v.getPath() != null && !DATASET_PATH.matcher(v.getPath()).matches()) {
            errors.add(
                    "spec.datasetVolume.path: '"
                            + v.getPath()
                            + "' must be a relative directory inside the claim (no '.' or '..'"
                            + " segments)");
        }
    }

    private static void positive(String field, Number value, List<String> errors) {
        if (value != null && value.longValue() < 1) {
            errors.add(field + ": " + value + " must be >= 1");
        }
    }

    private static void fraction(String field, Double value, List<String> errors) {
        if (value != null && !(value >= 0 && value <= 1)) {
            errors.add(field + ": " + value + " is not in [0, 1]");
        }
    }
}
