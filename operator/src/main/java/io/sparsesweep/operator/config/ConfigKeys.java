package io.sparsesweep.operator.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsesweep.core.PodFieldChecks;
import io.sparsesweep.core.PodTemplateChecks;
import io.sparsesweep.core.YamlErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to the keys of the config, each named by its dotted path; every wrong type is an
 * error at the key's line and column.
 */
final class ConfigKeys {
    private final ObjectMapper yaml;
    private final YamlErrors positions;

    ConfigKeys(ObjectMapper yaml, YamlErrors positions) {
        this.yaml = yaml;
        this.positions = positions;
    }

    /**
     * The pod fields the operator copies into every trial and fitting pod, checked as a sweep's own
     * are ({@link PodFieldChecks}): a bad quantity here would fail every Job create.
     */
    void check(OperatorSettings s) {
        List<String> errors = new ArrayList<>();
        PodFieldChecks.resources("defaults.trainerResources", s.trainerResources(), errors);
        PodFieldChecks.resources("defaults.fittingResources", s.fittingResources(), errors);
        for (AcceleratorProfile p : s.acceleratorProfiles().values()) {
            String where = "acceleratorProfiles." + p.name();
            PodFieldChecks.resources(where + ".resources", p.resources(), errors);
            PodFieldChecks.tolerations(where + ".tolerations", p.tolerations(), errors);
            PodFieldChecks.nodeSelector(where + ".nodeSelector", p.nodeSelector(), errors);
            PodTemplateChecks.check(where + ".podTemplate", p.podTemplate(), errors);
        }
        PodTemplateChecks.check("defaults.podTemplate", s.podTemplate(), errors);
        if (!errors.isEmpty()) {
            throw new OperatorConfigException(
                    String.join("; ", errors.stream().map(positions::locate).toList()));
        }
    }

    OperatorConfigException error(String key, String why, JsonNode was) {
        return new OperatorConfigException(
                positions.prefix(key)
                        + (key.isEmpty() ? "" : key + ": ")
                        + why
                        + (was == null ? "" : ", was " + shown(was)));
    }

    private static String shown(JsonNode n) {
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** The node of the last segment of {@code key} in {@code parent}; missing or null: null. */
    private static JsonNode get(JsonNode parent, String key) {
        JsonNode v = parent.path(key.substring(key.lastIndexOf('.') + 1));
        return v.isMissingNode() || v.isNull() ? null : v;
    }

    long integer(JsonNode parent, String key, long min, long fallback) {
        JsonNode v = get(parent, key);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw error(key, "must be a whole number", v);
        }
        if (v.asLong() < min) {
            throw error(key, "must be at least " + min, v);
        }
        return v.asLong();
    }

    /** A boolean, or null when unset. */
    Boolean bool(JsonNode parent, String key) {
        JsonNode v = get(parent, key);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw error(key, "must be true or false", v);
        }
        return v.asBoolean();
    }

    /** A string; blank means unset. */
    String text(JsonNode parent, String key) {
        JsonNode v = get(parent, key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw error(key, "must be a string", v);
        }
        return v.asText().isBlank() ? null : v.asText();
    }

    JsonNode object(JsonNode parent, String key) {
        JsonNode v = get(parent, key);
        if (v == null) {
            return yaml.createObjectNode();
        }
        if (!v.isObject()) {
            throw error(key, "must be a mapping", v);
        }
        return v;
    }

    JsonNode list(JsonNode parent, String key) {
        JsonNode v = get(parent, key);
        if (v == null) {
            return yaml.createArrayNode();
        }
        if (!v.isArray()) {
            throw error(key, "must be a list", v);
        }
        return v;
    }

    List<String> strings(JsonNode parent, String key) {
        JsonNode v = list(parent, key);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw error(key + "[" + i + "]", "must be a string", v.get(i));
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    Map<String, String> stringMap(JsonNode parent, String key) {
        JsonNode v = object(parent, key);
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = v.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw error(key + "." + e.getKey(), "must be a string", e.getValue());
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    <T> T value(JsonNode parent, String key, Class<T> type) {
        JsonNode v = get(parent, key);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw error(key, "must be a mapping (" + type.getSimpleName() + ")", v);
        }
        return convert(v, type, key);
    }

    <T> T convert(JsonNode v, Class<T> type, String key) {
        try {
            return yaml.treeToValue(v, type);
        } catch (JsonMappingException e) {
            StringBuilder field = new StringBuilder(key);
            for (JsonMappingException.Reference r : e.getPath()) {
                field.append(
                        r.getFieldName() != null
                                ? "." + r.getFieldName()
                                : "[" + r.getIndex() + "]");
            }
            throw error(field.toString(), YamlErrors.problem(e), null);
        } catch (IOException | IllegalArgumentException e) {
            throw error(key, "not a valid " + type.getSimpleName(), v);
        }
    }
}
