package io.sparsesweep.operator.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.sparsesweep.core.YamlErrors;
import io.sparsesweep.crd.AcceleratorSpec;
import io.sparsesweep.crd.PodTemplateOptions;
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
        ConfigKeys k = new ConfigKeys(YAML, YamlErrors.of(YAML.getFactory(), text, source));
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
                                        OperatorSettings.DEFAULT_TRIAL_START_DEADLINE.toSeconds())),
                        k.value(defaults, "defaults.podTemplate", PodTemplateOptions.class));
        k.check(settings);
        return settings;
    }

    private static String textOr(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static GuardRails guardRails(ConfigKeys k, JsonNode root) {
        JsonNode g = k.object(root, "guardRails");
        return new GuardRails(
                k.strings(g, "guardRails.allowedImagePrefixes"),
                k.strings(g, "guardRails.allowedServiceAccounts"),
                k.strings(g, "guardRails.allowedTolerationKeys"),
                k.strings(g, "guardRails.allowedNodeSelectorKeys"),
                k.strings(g, "guardRails.allowedPriorityClasses"),
                k.bool(g, "guardRails.allowAffinity"),
                k.bool(g, "guardRails.allowImagePullSecrets"));
    }

    private static Map<String, AcceleratorProfile> profiles(ConfigKeys k, JsonNode root) {
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
                            tpu(k, p, where),
                            k.value(p, where + ".podTemplate", PodTemplateOptions.class)));
        }
        return profiles;
    }

    /** A profile's {@code tpu} block ({@code topology}, {@code hosts}), or null when absent. */
    private static AcceleratorProfile.TpuSlice tpu(ConfigKeys k, JsonNode profile, String where) {
        JsonNode tpu = profile.path("tpu");
        if (tpu.isMissingNode() || tpu.isNull()) {
            return null;
        }
        JsonNode t = k.object(profile, where + ".tpu");
        return new AcceleratorProfile.TpuSlice(
                k.text(t, where + ".tpu.topology"), (int) k.integer(t, where + ".tpu.hosts", 1, 1));
    }
}
