package io.sparsesweep.operator.jobs;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.logging.LogSetup;
import java.util.List;

/**
 * The environment that makes a trial or fitting pod log the way the operator does: with the
 * operator's JSON format, {@code SPARSESWEEP_LOG_FORMAT=json}, so a log pipeline reads every pod of
 * a sweep line by line (the processes read it with {@link LogSetup#fromEnvironment}). Text, the
 * default, needs no variable. A sweep author's own {@code SPARSESWEEP_LOG_FORMAT} in the trainer's
 * env wins (it is not added twice).
 */
final class PodLogEnv {
    private PodLogEnv() {}

    static List<EnvVar> of(OperatorSettings settings, List<EnvVar> authorEnv) {
        boolean authorSets =
                authorEnv != null
                        && authorEnv.stream()
                                .anyMatch(e -> LogSetup.FORMAT_ENV.equals(e.getName()));
        if (!settings.podsLogJson() || authorSets) {
            return List.of();
        }
        return List.of(new EnvVar(LogSetup.FORMAT_ENV, "json", null));
    }
}
