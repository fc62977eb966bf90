package io.sparsesweep.operator.policy;

import io.sparsesweep.core.SpecValidator;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.TrainerSpec;
import io.sparsesweep.operator.config.OperatorSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Spec errors beyond the CRD schema: {@link SpecValidator}'s, plus those that depend on the
 * operator's settings (a named accelerator profile must exist, some trainer image must be known).
 * Pure.
 */
public final class SettingsChecks {
    private final OperatorSettings settings;

    public SettingsChecks(OperatorSettings settings) {
        this.settings = settings;
    }

    /** Every error, each naming its field; empty when the sweep may run. */
    public List<String> validate(SparseSweep sweep) {
        List<String> errors = new ArrayList<>(SpecValidator.validate(sweep));
        TrainerSpec trainer = sweep.getSpec() == null ? null : sweep.getSpec().getTrainer();
        if (trainer == null) {
            return errors;
        }
        String profile = trainer.getAcceleratorProfile();
        if (profile != null && !settings.acceleratorProfiles().containsKey(profile)) {
            errors.add(
                    "spec.trainer.acceleratorProfile: '"
                            + profile
                            + "' is not one of the operator's profiles "
                            + settings.acceleratorProfiles().keySet());
        }
        if (trainer.getImage() == null && settings.trainerImage() == null) {
            errors.add(
                    "spec.trainer.image: is required (the operator has no default trainer image)");
        }
        return errors;
    }
}
