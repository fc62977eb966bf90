package io.sparsesweep.operator.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.sparsesweep.core.PodFieldChecks;
import io.sparsesweep.core.YamlErrors;
import io.sparsesweep.crd.AcceleratorSpec;
import io.sparsesweep.fitting.Utf8Text;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads the operator's {@code config.yaml}, the file the Helm chart renders from its values ({@code
 * version: 1}; see docs/helm.md). Unknown keys are ignored so that a newer chart can add keys; a
 * known key with the wrong type (a string where a number belongs, a scalar where a list belongs), a
 * duplicate key, bytes that are not UTF-8 or an unsupported version is an {@link
 * OperatorConfigException} naming the file, the key, and its line and column. Nothing is silently
 * replaced by a default.
 */
public final class OperatorSettingsLoader {
    private static final ObjectMapper YAML =
            JsonMapper.builder(new YAMLFactory())
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .build();

    private OperatorSettingsLoader() {}

    /** Loads a config file. */
    public static OperatorSettings load(Path file) throws IOException {
        String text;
        try {
            text = Utf8Text.read(file);
        } catch (NoSuchFileException e) {
            throw new OperatorConfigException(file + ": no such file");
        } catch (Utf8Text.BadTextException e) {
            throw new OperatorConfigException(e.getMessage());
        } catch (IOException e) {
            throw new OperatorConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses config text; {@code source} names it in errors. */
    public static OperatorSettings parse(String yaml, String source) throws IOException {
        String text = yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml;
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new OperatorConfigException(YamlErrors.syntaxError(source, e), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return OperatorSettings.defaults();
        }
        Keys k = new Keys(YamlErrors.of(YAML.getFactory(), text, source));
        if (!root.isObject()) {
            throw k.error("", "must be a mapping of settings", root);
        }
        long version = k.integer(root, "version", 1, 1);
        if (version != 1) {
            throw k.error("version", version + " is not supported (1 is)", null);
        }
        OperatorSettings d = OperatorSettings.defaults();
        JsonNode defaults = k.object(root, "defaults");
        JsonNode accounts = k.object(root, "serviceAccounts");
        JsonNode security = k.object(root, "podSecurity");
        OperatorSettings settings =
                new OperatorSettings(
                        new LinkedHashSet<>(k.strings(root, "watchNamespaces")),
                        (int)
                                k.integer(
                                        defaults,
                                        "defaults.parallelism",
                                        1,
                                        d.defaultParallelism()),
                        (int)
                                k.integer(
                                        defaults,
                                        "defaults.maxActiveTrials",
                                        0,
                                        d.maxActiveTrials()),
                        k.text(defaults, "defaults.trainerImage"),
                        k.text(defaults, "defaults.fittingImage"),
                        k.text(defaults, "defaults.imagePullPolicy"),
                        k.text(defaults, "defaults.kueueQueue"),
                        k.text(defaults, "defaults.kueuePriorityClass"),
                        k.value(defaults, "defaults.trainerResources", ResourceRequirements.class),
                        k.value(defaults, "defaults.fittingResources", ResourceRequirements.class),
                        k.text(accounts, "serviceAccounts.trial"),
                        textOr(
                                k.text(accounts, "serviceAccounts.fitting"),
                                d.fittingServiceAccount()),
                        k.value(
                                security,
                                "podSecurity.podSecurityContext",
                                PodSecurityContext.class),
                        k.value(security, "podSecurity.securityContext", SecurityContext.class),
                        k.text(security, "podSecurity.tmpSizeLimit"),
                        profiles(k, root),
                        k.strings(defaults, "defaults.fittingCommand"),
                        null,
                        (int) k.integer(root, "jobCreationConcurrency", 1, 0),
                        null, // the pods' log format is the operator's own, set where it starts
                        guardRails(k, root),
                        java.time.Duration.ofSeconds(
                                k.integer(
                                        defaults,
                                        "defaults.trialStartDeadlineSeconds",
                                        0,
                                        OperatorSettings.DEFAULT_TRIAL_START_DEADLINE
                                                .toSeconds())));
        k.check(settings);
        return settings;
    }

    private static String textOr(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static GuardRails guardRails(Keys k, JsonNode root) {
        JsonNode g = k.object(root, "guardRails");
        return new GuardRails(
                k.strings(g, "guardRails.allowedImagePrefixes"),
                k.strings(g, "guardRails.allowedServiceAccounts"),
                k.strings(g, "guardRails.allowedTolerationKeys"),
                k.strings(g, "guardRails.allowedNodeSelectorKeys"));
    }

    private static Map<String, AcceleratorProfile> profiles(Keys k, JsonNode root) {
        Map<String, AcceleratorProfile> profiles = new LinkedHashMap<>();
        JsonNode all = k.object(root, "acceleratorProfiles");
        for (var it = all.fields(); it.hasNext(); ) {
            var e = it.next();
            String where = "acceleratorProfiles." + e.getKey();
            if (e.getValue().isNull()) {
                continue; // Helm's way of removing a default profile
            }
            JsonNode p = k.object(root.path("acceleratorProfiles"), where);
            k.text(p, where + ".description");
            List<Toleration> tolerations = new ArrayList<>();
            JsonNode ts = k.list(p, where + ".tolerations");
            for (int i = 0; i < ts.size(); i++) {
                tolerations.add(
                        k.convert(ts.get(i), Toleration.class, where + ".tolerations[" + i + "]"));
            }
            profiles.put(
                    e.getKey(),
                    new AcceleratorProfile(
                            e.getKey(),
                            k.value(p, where + ".accelerator", AcceleratorSpec.class),
                            k.value(p, where + ".resources", ResourceRequirements.class),
                            k.stringMap(p, where + ".nodeSelector"),
                            tolerations,
                            tpu(k, p, where)));
        }
        return profiles;
    }

    /** A profile's {@code tpu} block ({@code topology}, {@code hosts}), or null when absent. */
    private static AcceleratorProfile.TpuSlice tpu(Keys k, JsonNode profile, String where) {
        JsonNode tpu = profile.path("tpu");
        if (tpu.isMissingNode() || tpu.isNull()) {
            return null;
        }
        JsonNode t = k.object(profile, where + ".tpu");
        return new AcceleratorProfile.TpuSlice(
                k.text(t, where + ".tpu.topology"), (int) k.integer(t, where + ".tpu.hosts", 1, 1));
    }

    /**
     * Typed access to the keys of the config, each named by its dotted path; every wrong type is an
     * error at the key's line and column.
     */
    private static final class Keys {
        private final YamlErrors positions;

        Keys(YamlErrors positions) {
            this.positions = positions;
        }

        /**
         * The pod fields the operator copies into every trial and fitting pod, checked as a sweep's
         * own are ({@link PodFieldChecks}): a bad quantity here would fail every Job create.
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
            }
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
                return YAML.createObjectNode();
            }
            if (!v.isObject()) {
                throw error(key, "must be a mapping", v);
            }
            return v;
        }

        JsonNode list(JsonNode parent, String key) {
            JsonNode v = get(parent, key);
            if (v == null) {
                return YAML.createArrayNode();
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
                return YAML.treeToValue(v, type);
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
}
