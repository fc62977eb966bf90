package io.sparsesweep.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and strictly reads the result JSON: one line, one object, at most {@value
 * TrialProtocol#MAX_RESULT_BYTES} bytes. A reader takes nothing on trust: trailing text, a key
 * given twice, an integer that does not fit in 64 bits, a fraction where a count belongs, a
 * non-finite or absurd number and internally inconsistent counts are each rejected with a reason
 * ({@link UnusableResultException}); {@link #read(String, TrainerArgs)} also rejects a result that
 * does not echo the flags of the trial it is for.
 */
public final class ResultJson {
    private static final JsonFactory FACTORY =
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private ResultJson() {}

    /** The result as one line of JSON (no newline), fields in {@link ResultField} order. */
    public static String write(TrialResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ResultField.V.key(), TrialProtocol.VERSION);
        m.put(ResultField.TASK.key(), r.task());
        m.put(ResultField.VAL_LOSS.key(), r.valLoss());
        m.put(ResultField.TRAIN_LOSS.key(), r.trainLoss());
        m.put(ResultField.STEPS.key(), r.steps());
        m.put(ResultField.EXAMPLES.key(), r.examples());
        if ("lm".equals(r.task())) {
            m.put(ResultField.TOKENS.key(), r.tokens());
        }
        m.put(ResultField.TOTAL_PARAMS.key(), r.totalParams());
        m.put(ResultField.PRUNABLE_PARAMS.key(), r.prunableParams());
        m.put(ResultField.BLOCK_PARAMS.key(), r.blockParams());
        m.put(ResultField.NONZERO_PARAMS.key(), r.nonzeroParams());
        m.put(ResultField.SPARSITY.key(), r.sparsity());
        m.put(ResultField.ACHIEVED_SPARSITY.key(), r.achievedSparsity());
        m.put(ResultField.PATTERN.key(), r.pattern());
        m.put(ResultField.WALL_SECONDS.key(), r.wallSeconds());
        m.put(ResultField.SEED.key(), r.seed());
        m.put(ResultField.WIDTH.key(), r.width());
        m.put(ResultField.DEPTH.key(), r.depth());
        m.put(ResultField.HEADS.key(), r.heads());
        m.put(ResultField.OPTIMIZER.key(), r.optimizer());
        m.put(ResultField.RESUMED_FROM_STEP.key(), r.resumedFromStep());
        m.put(ResultField.EXAMPLES_PER_SECOND.key(), r.examplesPerSecond());
        if (r.engine() != null) {
            m.put(ResultField.ENGINE.key(), r.engine());
        }
        if (Double.isFinite(r.trainFlopsPerExample())
                && Double.isFinite(r.blockFlopsPerExample())) {
            m.put(ResultField.TRAIN_FLOPS_PER_EXAMPLE.key(), r.trainFlopsPerExample());
            m.put(ResultField.BLOCK_FLOPS_PER_EXAMPLE.key(), r.blockFlopsPerExample());
        }
        try {
            return MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a result and checks that it is the result of a run with {@code args}. */
    public static TrialResult read(String text, TrainerArgs args) throws UnusableResultException {
        TrialResult r = read(text);
        ResultMatch.check(r, args);
        return r;
    }

    /** Reads a result, checking syntax, types, ranges and internal consistency. */
    public static TrialResult read(String text) throws UnusableResultException {
        Map<String, JsonNode> f = object(text);
        JsonNode v = f.get(ResultField.V.key());
        if (v == null || !v.isInt() || v.intValue() != TrialProtocol.VERSION) {
            throw new UnusableResultException(
                    "field v must be "
                            + TrialProtocol.VERSION
                            + (v != null && v.isInt() ? ", got " + v.intValue() : ""));
        }
        Fields in = new Fields(f);
        String task = in.text(ResultField.TASK);
        TrialResult r =
                new TrialResult(
                        task,
                        in.decimal(ResultField.VAL_LOSS),
                        in.decimal(ResultField.TRAIN_LOSS),
                        in.integer(ResultField.STEPS),
                        in.integer(ResultField.EXAMPLES),
                        "lm".equals(task) ? in.integer(ResultField.TOKENS) : 0,
                        in.integer(ResultField.TOTAL_PARAMS),
                        in.integer(ResultField.PRUNABLE_PARAMS),
                        in.integer(ResultField.BLOCK_PARAMS),
                        in.integer(ResultField.NONZERO_PARAMS),
                        in.decimal(ResultField.SPARSITY),
                        in.decimal(ResultField.ACHIEVED_SPARSITY),
                        in.text(ResultField.PATTERN),
                        in.decimal(ResultField.WALL_SECONDS),
                        in.integer(ResultField.SEED),
                        in.int32(ResultField.WIDTH),
                        in.int32(ResultField.DEPTH),
                        in.int32(ResultField.HEADS),
                        in.text(ResultField.OPTIMIZER),
                        in.integer(ResultField.RESUMED_FROM_STEP),
                        in.decimal(ResultField.EXAMPLES_PER_SECOND),
                        in.optionalText(ResultField.ENGINE),
                        in.optionalDecimal(ResultField.TRAIN_FLOPS_PER_EXAMPLE),
                        in.optionalDecimal(ResultField.BLOCK_FLOPS_PER_EXAMPLE));
        ResultRules.check(r);
        return r;
    }

    /** The top-level object's fields; rejects anything but exactly one object on one line. */
    private static Map<String, JsonNode> object(String text) throws UnusableResultException {
        if (text == null || text.isBlank()) {
            throw new UnusableResultException("the result is empty");
        }
        String line = text.strip();
        if (line.getBytes(StandardCharsets.UTF_8).length > TrialProtocol.MAX_RESULT_BYTES) {
            throw new UnusableResultException(
                    "the result is longer than " + TrialProtocol.MAX_RESULT_BYTES + " bytes");
        }
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0 || !line.startsWith("{")) {
            throw new UnusableResultException("the result is not one line of JSON");
        }
        try (JsonParser p = FACTORY.createParser(line)) {
            return fields(p);
        } catch (IOException e) {
            throw new UnusableResultException("invalid JSON");
        }
    }

    private static Map<String, JsonNode> fields(JsonParser p) throws UnusableResultException {
        Map<String, JsonNode> fields = new HashMap<>();
        try {
            p.nextToken(); // the '{' checked by the caller
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                fields.put(key, MAPPER.readTree(p));
            }
            if (t != JsonToken.END_OBJECT) {
                throw new UnusableResultException("invalid JSON: the object is not closed");
            }
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            if (msg != null && msg.startsWith("Duplicate field")) {
                // The parser stops on the second occurrence; its context says where that was.
                JsonStreamContext ctx = p.getParsingContext();
                boolean topLevel = ctx.getParent() != null && ctx.getParent().inRoot();
                throw new UnusableResultException(
                        topLevel
                                ? "key " + keyName(ctx.getCurrentName()) + " appears twice"
                                : "a key appears twice in a nested object");
            }
            throw new UnusableResultException(
                    e.getLocation() == null
                            ? "invalid JSON"
                            : "invalid JSON at character " + e.getLocation().getCharOffset());
        } catch (IOException e) {
            throw new UnusableResultException("invalid JSON");
        }
        try {
            if (p.nextToken() != null) {
                throw new UnusableResultException("trailing text after the JSON object");
            }
        } catch (IOException e) {
            throw new UnusableResultException("trailing text after the JSON object");
        }
        return fields;
    }

    /** A key as it may appear in a reason: ours by name, anything else only described. */
    static String keyName(String key) {
        for (ResultField f : ResultField.values()) {
            if (f.key().equals(key)) {
                return f.key();
            }
        }
        return "(an unknown key of " + key.length() + " characters)";
    }

    /** Typed access to the fields, each failure naming the field and never echoing its text. */
    private record Fields(Map<String, JsonNode> f) {
        private JsonNode field(ResultField field) throws UnusableResultException {
            JsonNode n = f.get(field.key());
            if (n == null || n.isNull()) {
                throw new UnusableResultException("field " + field.key() + " is missing");
            }
            return n;
        }

        long integer(ResultField field) throws UnusableResultException {
            JsonNode n = field(field);
            if (!n.isIntegralNumber()) {
                throw new UnusableResultException(
                        "field " + field.key() + " is not an integer (" + describe(n) + ")");
            }
            if (!n.canConvertToLong()) {
                throw new UnusableResultException(
                        "field " + field.key() + " does not fit in 64 bits");
            }
            return n.longValue();
        }

        int int32(ResultField field) throws UnusableResultException {
            long v = integer(field);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new UnusableResultException(
                        "field " + field.key() + " does not fit in 32 bits");
            }
            return (int) v;
        }

        double decimal(ResultField field) throws UnusableResultException {
            JsonNode n = field(field);
            if (!n.isNumber()) {
                throw new UnusableResultException(
                        "field " + field.key() + " is not a number (" + describe(n) + ")");
            }
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new UnusableResultException(
                        "field " + field.key() + " is not a finite number");
            }
            return d;
        }

        /** A field a trainer may leave out (NaN then); when present, as {@link #decimal}. */
        double optionalDecimal(ResultField field) throws UnusableResultException {
            JsonNode n = f.get(field.key());
            return n == null || n.isNull() ? Double.NaN : decimal(field);
        }

        String text(ResultField field) throws UnusableResultException {
            return nonBlankText(field, field(field));
        }

        /** Null when the key is absent; present, it must be a non-blank string (not null). */
        String optionalText(ResultField field) throws UnusableResultException {
            JsonNode n = f.get(field.key());
            return n == null ? null : nonBlankText(field, n);
        }

        private static String nonBlankText(ResultField field, JsonNode n)
                throws UnusableResultException {
            if (!n.isTextual() || n.textValue().isBlank()) {
                throw new UnusableResultException(
                        "field "
                                + field.key()
                                + " is not a non-blank string ("
                                + describe(n)
                                + ")");
            }
            return n.textValue();
        }

        private static String describe(JsonNode n) {
            return switch (n.getNodeType()) {
                case STRING -> "a string";
                case NUMBER -> n.isIntegralNumber() ? "an integer" : "a decimal";
                case BOOLEAN -> "a boolean";
                case OBJECT -> "an object";
                case ARRAY -> "an array";
                default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
            };
        }
    }
}
