package io.sparsesweep.operator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.sparsesweep.crd.AcceleratorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the operator's {@code config.yaml}, the file the Helm chart renders from its values ({@code
 * version: 1}; see docs/helm.md). Unknown keys are ignored so that a newer chart can add keys; a
 * wrong type or an unsupported version is an error naming the key.
 */
public final class OperatorSettingsLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private OperatorSettingsLoader() {}

    /** Loads a config file. */
    public static OperatorSettings load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** Parses config text; {@code source} names it in errors. */
    public static OperatorSettings parse(String yaml, String source) throws IOException {
        JsonNode root = YAML.readTree(yaml);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return OperatorSettings.defaults();
        }
        int version = root.path("version").asInt(1);
        if (version != 1) {
            throw new IllegalArgumentException(
                    source + ": version " + version + " is not supported (1 is)");
        }
        OperatorSettings d = OperatorSettings.defaults();
        JsonNode defaults = root.path("defaults");
        JsonNode accounts = root.path("serviceAccounts");
        JsonNode security = root.path("podSecurity");
        Set<String> namespaces = new LinkedHashSet<>();
        root.path("watchNamespaces").forEach(n -> namespaces.add(n.asText()));
        List<String> fitCommand = new ArrayList<>();
        defaults.path("fittingCommand").forEach(n -> fitCommand.add(n.asText()));
        return new OperatorSettings(
                namespaces,
                defaults.path("parallelism").asInt(d.defaultParallelism()),
                defaults.path("maxActiveTrials").asInt(d.maxActiveTrials()),
                text(defaults, "trainerImage"),
                text(defaults, "fittingImage"),
                text(defaults, "imagePullPolicy"),
                text(defaults, "kueueQueue"),
                text(defaults, "kueuePriorityClass"),
                value(defaults, "trainerResources", ResourceRequirements.class, source),
                value(defaults, "fittingResources", ResourceRequirements.class, source),
                text(accounts, "trial"),
                textOr(accounts, "fitting", d.fittingServiceAccount()),
                value(security, "podSecurityContext", PodSecurityContext.class, source),
                value(security, "securityContext", SecurityContext.class, source),
                text(security, "tmpSizeLimit"),
                profiles(root.path("acceleratorProfiles"), source),
                fitCommand,
                null,
                jobCreationConcurrency(root, source),
                null); // the pods' log format is the operator's own, set where it starts
    }

    private static Map<String, AcceleratorProfile> profiles(JsonNode node, String source) {
        Map<String, AcceleratorProfile> profiles = new LinkedHashMap<>();
        node.fields()
                .forEachRemaining(
                        e -> {
                            String where = source + ": acceleratorProfiles." + e.getKey();
                            JsonNode p = e.getValue();
                            Map<String, String> selector = new LinkedHashMap<>();
                            p.path("nodeSelector")
                                    .fields()
                                    .forEachRemaining(
                                            s -> selector.put(s.getKey(), s.getValue().asText()));
                            List<Toleration> tolerations = new ArrayList<>();
                            p.path("tolerations")
                                    .forEach(
                                            t ->
                                                    tolerations.add(
                                                            convert(
                                                                    t,
                                                                    Toleration.class,
                                                                    where + ".tolerations")));
                            profiles.put(
                                    e.getKey(),
                                    new AcceleratorProfile(
                                            e.getKey(),
                                            value(p, "accelerator", AcceleratorSpec.class, where),
                                            value(
                                                    p,
                                                    "resources",
                                                    ResourceRequirements.class,
                                                    where),
                                            selector,
                                            tolerations,
                                            tpu(p.path("tpu"), where)));
                        });
        return profiles;
    }

    /** A profile's {@code tpu} block ({@code topology}, {@code hosts}), or null when absent. */
    private static AcceleratorProfile.TpuSlice tpu(JsonNode tpu, String where) {
        if (tpu.isMissingNode() || tpu.isNull()) {
            return null;
        }
        JsonNode hosts = tpu.path("hosts");
        if (!hosts.isMissingNode() && !(hosts.isIntegralNumber() && hosts.asInt() >= 1)) {
            throw new IllegalArgumentException(
                    where + ".tpu.hosts: must be a whole number of at least 1, was " + hosts);
        }
        return new AcceleratorProfile.TpuSlice(text(tpu, "topology"), hosts.asInt(1));
    }

    /** Top-level {@code jobCreationConcurrency}: absent means the default; else a positive int. */
    private static int jobCreationConcurrency(JsonNode root, String source) {
        JsonNode v = root.path("jobCreationConcurrency");
        if (v.isMissingNode() || v.isNull()) {
            return 0;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            throw new IllegalArgumentException(
                    source
                            + ": jobCreationConcurrency: must be a whole number of at least 1, was "
                            + v);
        }
        return v.asInt();
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.path(key);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static String textOr(JsonNode node, String key, String fallback) {
        String v = text(node, key);
        return v == null ? fallback : v;
    }

    private static <T> T value(JsonNode node, String key, Class<T> type, String source) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        return convert(v, type, source + ": " + key);
    }

    private static <T> T convert(JsonNode v, Class<T> type, String where) {
        try {
            return YAML.treeToValue(v, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where + ": not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
