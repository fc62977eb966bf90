package io.sparsesweep.cli;

import java.util.Set;

/**
 * Which exceptions mean "the user's input was wrong" (exit 2) rather than "the command failed"
 * (exit 1). Each module throws its own input exception; the CLI maps them here, by class name, so
 * that this module needs no compile-time dependency on modules it does not otherwise use.
 */
final class BadInput {
    private static final Set<String> INPUT_EXCEPTIONS =
            Set.of(
                    "io.sparsesweep.fitting.FitInputException",
                    "io.sparsesweep.protocol.BadArgumentException",
                    "io.sparsesweep.runner.config.RunnerConfigException",
                    "io.sparsesweep.core.SpecValidationException",
                    "io.sparsesweep.operator.config.OperatorConfigException",
                    "io.sparsesweep.fitting.Utf8Text$BadTextException");

    private BadInput() {}

    static boolean isBadInput(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (Class<?> k = c.getClass(); k != null; k = k.getSuperclass()) {
                if (INPUT_EXCEPTIONS.contains(k.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
