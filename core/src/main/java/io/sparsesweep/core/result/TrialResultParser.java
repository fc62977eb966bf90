package io.sparsesweep.core.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * Validates the runner's one-line JSON result. Anything else (empty text, log lines, partial JSON,
 * missing or non-finite fields) is rejected with a reason, never guessed at: such a trial becomes
 * {@code ResultUnavailable}.
 */
public final class TrialResultParser {
    /** Protocol version this parser understands. */
    public static final int VERSION = 1;

    /** Termination messages are at most 4096 bytes. */
    private static final int MAX_LENGTH = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** Parses a termination message. */
    public static Parsed parse(String message) {
        if (message == null || message.isBlank()) {
            return Parsed.error("no result: the termination message is empty");
        }
        String text = message.strip();
        if (text.length() > MAX_LENGTH) {
            return Parsed.error("no result: the termination message is longer than 4096 bytes");
        }
        if (text.indexOf('\n') >= 0 || !text.startsWith("{")) {
            return Parsed.error("no result: the termination message is not one line of JSON");
        }
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (Exception e) {
            return Parsed.error("no result: invalid JSON in the termination message");
        }
        if (n == null || !n.isObject()) {
            return Parsed.error("no result: the termination message is not a JSON object");
        }
        JsonNode v = n.get("v");
        if (v == null || !v.canConvertToInt() || v.asInt() != VERSION) {
            return Parsed.error("no result: field v must be " + VERSION + ", got " + v);
        }
        try {
            TrialResult r =
                    new TrialResult(
                            v.asInt(),
                            finite(n, "valLoss"),
                            finite(n, "trainLoss"),
                            count(n, "steps"),
                            count(n, "examples"),
                            count(n, "totalParams"),
                            count(n, "prunableParams"),
                            count(n, "nonzeroParams"),
                            fraction(n, "sparsity"),
                            text(n, "pattern"),
                            finite(n, "wallSeconds"));
            if (r.nonzeroParams() > r.totalParams()) {
                return Parsed.error("no result: nonzeroParams exceeds totalParams");
            }
            if (r.valLoss() <= 0) {
                return Parsed.error("no result: valLoss " + r.valLoss() + " is not positive");
            }
            return Parsed.ok(r);
        } catch (IllegalArgumentException e) {
            return Parsed.error("no result: " + e.getMessage());
        }
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode f = n.get(name);
        if (f == null || f.isNull()) {
            throw new IllegalArgumentException("field " + name + " is missing");
        }
        return f;
    }

    private static double finite(JsonNode n, String name) {
        JsonNode f = field(n, name);
        if (!f.isNumber() || !Double.isFinite(f.asDouble())) {
            throw new IllegalArgumentException("field " + name + " is not a finite number: " + f);
        }
        return f.asDouble();
    }

    private static long count(JsonNode n, String name) {
        JsonNode f = field(n, name);
        if (!f.isIntegralNumber() || f.asLong() < 0) {
            throw new IllegalArgumentException("field " + name + " is not a count: " + f);
        }
        return f.asLong();
    }

    private static double fraction(JsonNode n, String name) {
        double d = finite(n, name);
        if (d < 0 || d > 1) {
            throw new IllegalArgumentException("field " + name + " is not in [0, 1]: " + d);
        }
        return d;
    }

    private static String text(JsonNode n, String name) {
        JsonNode f = field(n, name);
        if (!f.isTextual() || f.asText().isBlank()) {
            throw new IllegalArgumentException("field " + name + " is not text: " + f);
        }
        return f.asText();
    }
}
