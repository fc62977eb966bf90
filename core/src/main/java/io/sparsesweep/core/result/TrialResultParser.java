package io.sparsesweep.core.result;

import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.protocol.ResultJson;
import io.sparsesweep.protocol.TrialResult;
import io.sparsesweep.protocol.UnusableResultException;
import java.util.Optional;

/**
 * Reads a trial attempt's result (the trainer's termination message, or the line a local trial
 * returned) with the protocol's strict reader, checking that it is the result of this trial's
 * flags. Anything else — empty text, log lines, partial or padded JSON, a duplicate key, an absurd
 * number, a result for another grid point — is an unusable result with a bounded reason that never
 * quotes the trial's output: the attempt becomes {@code ResultUnavailable}.
 */
public final class TrialResultParser {
    private TrialResultParser() {}

    /** The outcome of parsing: a result, or the reason there is none. */
    public record Parsed(Optional<TrialResult> result, String error) {
        static Parsed ok(TrialResult r) {
            return new Parsed(Optional.of(r), null);
        }

        static Parsed error(String why) {
            return new Parsed(Optional.empty(), why);
        }
    }

    /** Parses the result of an attempt of {@code trial}. */
    public static Parsed parse(String message, Trial trial) {
        try {
            return Parsed.ok(ResultJson.read(message, trial.args()));
        } catch (UnusableResultException e) {
            return Parsed.error("unusable result: " + e.getMessage());
        }
    }
}
