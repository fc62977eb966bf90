package io.sparsesweep.operator.policy;

import io.sparsesweep.core.SpecValidator;
import io.sparsesweep.core.TrainerCommands;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.TrainerSpec;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.jobset.SliceJobSetFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Spec errors beyond the CRD schema: {@link SpecValidator}'s, plus those that depend on the
 * operator's settings (the admin's guard rails, a named accelerator profile must exist, some
 * trainer image must be known). Pure.
 */
public final class SettingsChecks {
    private final OperatorSettings settings;

    public SettingsChecks(OperatorSettings settings) {
        this.settings = settings;
    }

    /** Every error, each naming its field; empty when the sweep may run. */
    public List<String> validate(SparseSweep sweep) {
        List<String> errors = new ArrayList<>(SpecValidator.validate(sweep));
        if (sweep.getSpec() != null) {
            errors.addAll(settings.guardRails().check(sweep.getSpec().getPodTemplate()));
        }
        TrainerSpec trainer = sweep.getSpec() == null ? null : sweep.getSpec().getTrainer();
        if (trainer == null) {
            return errors;
        }
        errors.addAll(settings.guardRails().check(trainer));
        String profile = trainer.getAcceleratorProfile();
        if (profile != null && !settings.acceleratorProfiles().containsKey(profile)) {
            errors.add(
                    "spec.trainer.acceleratorProfile: '"
                            + profile
                            + "' is not one of the operator's profiles "
                            + settings.acceleratorProfiles().keySet());
        }
        var slice = profile == null ? null : settings.acceleratorProfiles().get(profile);
        if (slice != null && slice.hosts() > 1 && TrainerCommands.isBuiltIn(trainer.getCommand())) {
            errors.add(
                    "spec.trainer.acceleratorProfile: '"
                            + profile
                            + "' is a "
                            + slice.hosts()
                            + "-host TPU slice, but spec.trainer.command "
                            + trainer.getCommand()
                            + " is the built-in trainer (TensorFlow Java), which runs one process"
                            + " on one host and has no TPU runtime; use a single-host profile, or"
                            + " a trainer that spans hosts through the trainer contract"
                            + " (docs/trainer-contract.md: SPARSESWEEP_PROCESS_INDEX,"
                            + " SPARSESWEEP_PROCESS_COUNT, SPARSESWEEP_COORDINATOR)");
        }
        if (slice != null && slice.hosts() > 1) {
            String name = sweep.getMetadata().getName();
            int max = SliceJobSetFactory.maxSweepNameLength(slice.hosts());
            if (name.length() > max || !Character.isLetter(name.charAt(0))) {
                errors.add(
                        "metadata.name: '"
                                + name
                                + "' must start with a letter and have at most "
                                + max
                                + " characters for a "
                                + slice.hosts()
                                + "-host slice profile (JobSet's pod names"
                                + " <sweep>-<trial>-a<attempt>-slice-0-<host>-<suffix> must be"
                                + " DNS-1035 labels)");
            }
        }
        if (trainer.getImage() == null && settings.trainerImage() == null) {
            errors.add(
                    "spec.trainer.image: is required (the operator has no default trainer image)");
        }
        return errors;
    }
}
