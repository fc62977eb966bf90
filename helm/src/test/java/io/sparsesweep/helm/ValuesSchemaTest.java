package io.sparsesweep.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * values.schema.json makes Helm refuse a typo or a wrong type before anything reaches the cluster.
 */
class ValuesSchemaTest {
    static Stream<Arguments> invalidValues() {
        Map<String, Object> gpu = Map.of("resource", "nvidia.com/gpu", "count", 1);
        return Stream.of(
                Arguments.of("top-level typo", Map.of("operater", Map.of()), "operater"),
                Arguments.of("nested typo", Map.of("operator", Map.of("replica", 2)), "replica"),
                Arguments.of(
                        "string for integer",
                        Map.of("operator", Map.of("replicas", "two")),
                        "replicas"),
                Arguments.of(
                        "negative replicas",
                        Map.of("operator", Map.of("replicas", -1)),
                        "replicas"),
                Arguments.of(
                        "unknown log format",
                        Map.of("operator", Map.of("logFormat", "xml")),
                        "logFormat"),
                Arguments.of(
                        "unknown log level",
                        Map.of("operator", Map.of("logLevel", "verbose")),
                        "logLevel"),
                Arguments.of(
                        "watchNamespaces not a list",
                        Map.of("operator", Map.of("watchNamespaces", "team-a")),
                        "watchNamespaces"),
                Arguments.of(
                        "invalid namespace name",
                        Map.of("operator", Map.of("watchNamespaces", List.of("Team_A"))),
                        "watchNamespaces"),
                Arguments.of(
                        "privileged port for metrics",
                        Map.of("operator", Map.of("metrics", Map.of("port", 80))),
                        "port"),
                Arguments.of(
                        "typo in security context",
                        Map.of(
                                "operator",
                                Map.of("securityContext", Map.of("readOnlyRootFS", true))),
                        "readOnlyRootFS"),
                Arguments.of(
                        "unknown seccomp type",
                        Map.of(
                                "sweeps",
                                Map.of(
                                        "podSecurityContext",
                                        Map.of("seccompProfile", Map.of("type", "Default")))),
                        "type"),
                Arguments.of(
                        "zero default parallelism",
                        Map.of("sweeps", Map.of("defaultParallelism", 0)),
                        "defaultParallelism"),
                Arguments.of(
                        "no Job creation at all",
                        Map.of("operator", Map.of("jobCreationConcurrency", 0)),
                        "jobCreationConcurrency"),
                Arguments.of(
                        "negative trial cap",
                        Map.of("sweeps", Map.of("maxActiveTrials", -5)),
                        "maxActiveTrials"),
                Arguments.of(
                        "Kueue queue not a DNS label",
                        Map.of("sweeps", Map.of("kueueQueue", "Research GPU")),
                        "kueueQueue"),
                Arguments.of(
                        "not a quantity",
                        Map.of(
                                "sweeps",
                                Map.of(
                                        "trainerResources",
                                        Map.of("requests", Map.of("memory", "lots")))),
                        "memory"),
                Arguments.of(
                        "zero accelerators in a profile",
                        Map.of(
                                "sweeps",
                                Map.of(
                                        "acceleratorProfiles",
                                        Map.of(
                                                "none",
                                                Map.of(
                                                        "accelerator",
                                                        Map.of(
                                                                "resource",
                                                                "nvidia.com/gpu",
                                                                "count",
                                                                0))))),
                        "count"),
                Arguments.of(
                        "fitting command not a list",
                        Map.of("sweeps", Map.of("fittingCommand", "sparsesweep fit")),
                        "fittingCommand"),
                Arguments.of(
                        "profile name not a DNS label",
                        Map.of(
                                "sweeps",
                                Map.of(
                                        "acceleratorProfiles",
                                        Map.of("H100", Map.of("accelerator", gpu)))),
                        "H100"),
                Arguments.of(
                        "unknown accelerator resource",
                        Map.of(
                                "sweeps",
                                Map.of(
                                        "acceleratorProfiles",
                                        Map.of(
                                                "mi300",
                                                Map.of(
                                                        "accelerator",
                                                        Map.of(
                                                                "resource",
                                                                "amd.com/gpu",
                                                                "count",
                                                                8))))),
                        "resource"),
                Arguments.of(
                        "bad TPU topology",
                        Map.of(
                                "sweeps",
                                Map.of(
                                        "acceleratorProfiles",
                                        Map.of(
                                                "tpu",
                                                Map.of(
                                                        "accelerator",
                                                        Map.of(
                                                                "resource",
                                                                "google.com/tpu",
                                                                "count",
                                                                4),
                                                        "tpu",
                                                        Map.of("topology", "four"))))),
                        "topology"),
                Arguments.of(
                        "typo in profile",
                        Map.of(
                                "sweeps",
                                Map.of(
                                        "acceleratorProfiles",
                                        Map.of("l4", Map.of("nodeSelectors", Map.of())))),
                        "nodeSelectors"),
                Arguments.of(
                        "bad image digest",
                        Map.of(
                                "sweeps",
                                Map.of(
                                        "trainerImage",
                                        Map.of("repository", "x", "digest", "latest"))),
                        "digest"),
                Arguments.of(
                        "pull policy typo",
                        Map.of(
                                "operator",
                                Map.of(
                                        "image",
                                        Map.of("repository", "x", "pullPolicy", "Sometimes"))),
                        "pullPolicy"),
                Arguments.of("rbac typo", Map.of("rbac", Map.of("enabled", true)), "enabled"),
                Arguments.of(
                        "boolean as string", Map.of("rbac", Map.of("create", "yes")), "create"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void helmRejectsInvalidValues(String why, Map<String, Object> values, String field) {
        assertThatThrownBy(() -> Chart.render(values))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(field);
    }

    /** A multi-host profile runs JobSets: the chart refuses it without the JobSet RBAC. */
    @Test
    void aMultiHostProfileNeedsJobSetRbac() {
        Map<String, Object> slice =
                Map.of(
                        "accelerator",
                        Map.of("resource", "google.com/tpu", "count", 4),
                        "tpu",
                        Map.of("topology", "2x2x4", "hosts", 4));
        Map<String, Object> profiles =
                Map.of("sweeps", Map.of("acceleratorProfiles", Map.of("v5p-16", slice)));
        assertThatThrownBy(() -> Chart.render(profiles))
                .hasMessageContaining("sweeps.acceleratorProfiles.v5p-16.tpu.hosts is 4")
                .hasMessageContaining("rbac.jobSets=true");
        Map<String, Object> withRbac = new LinkedHashMap<>(profiles);
        withRbac.put("rbac", Map.of("jobSets", true));
        Chart.render(withRbac); // renders
    }

    /** Every value is typed and described; every object of ours is closed against typos. */
    @Test
    void everyValueIsTypedAndDescribedAndClosed() throws IOException {
        JsonNode schema =
                new ObjectMapper().readTree(Chart.CHART_DIR.resolve("values.schema.json").toFile());
        List<String> problems = new ArrayList<>();

        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        walk("", schema, problems);

        assertThat(problems).isEmpty();
    }

    private static void walk(String path, JsonNode node, List<String> problems) {
        JsonNode props = node.path("properties");
        if (props.isObject()) {
            if (!node.has("additionalProperties")
                    || node.path("additionalProperties").asBoolean(true)) {
                problems.add(
                        path + ": object with properties must set additionalProperties: false");
            }
            for (Map.Entry<String, JsonNode> e : props.properties()) {
                String p = path + "." + e.getKey();
                JsonNode child = e.getValue();
                if (!child.hasNonNull("description")
                        || child.path("description").asText().isBlank()) {
                    problems.add(p + ": no description");
                }
                if (!child.has("type") && !child.has("anyOf")) {
                    problems.add(p + ": no type");
                }
                walk(p, child, problems);
            }
        }
        if (node.path("additionalProperties").isObject()) {
            walk(path + ".*", node.path("additionalProperties"), problems);
        }
        if (node.path("items").isObject()) {
            walk(path + "[]", node.path("items"), problems);
        }
    }
}
