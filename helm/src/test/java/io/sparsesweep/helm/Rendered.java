package io.sparsesweep.helm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/** The manifests of one {@code helm template} run, parsed; lookups by kind and name. */
final class Rendered {
    /**
     * Strict: a key twice in one mapping fails the parse. YAML parsers disagree on what a repeated
     * key means (kubectl and the API server may keep either value), so the chart must never emit
     * one.
     */
    private static final ObjectMapper MAPPER =
            new YAMLMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);

    private final List<ObjectNode> objects;

    private Rendered(List<ObjectNode> objects) {
        this.objects = List.copyOf(objects);
    }

    static Rendered parse(String manifests) {
        List<ObjectNode> parsed = new ArrayList<>();
        try (MappingIterator<JsonNode> docs =
                MAPPER.readerFor(JsonNode.class).readValues(manifests)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && doc.isObject() && doc.size() > 0) {
                    parsed.add((ObjectNode) doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("helm template output is not YAML", e);
        }
        return new Rendered(parsed);
    }

    List<ObjectNode> all() {
        return objects;
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .collect(Collectors.toList());
    }

    /** Every object of a kind as a typed fabric8 model (unknown fields fail the parse). */
    <T> List<T> ofKind(String kind, Class<T> type) {
        return ofKind(kind).stream().map(o -> as(o, type)).collect(Collectors.toList());
    }

    <T> T one(String kind, String name, Class<T> type) {
        return ofKind(kind).stream()
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst()
                .map(o -> as(o, type))
                .orElseThrow(
                        () ->
                                new NoSuchElementException(
                                        "no " + kind + " named " + name + " in " + names()));
    }

    boolean has(String kind, String name) {
        return ofKind(kind).stream()
                .anyMatch(o -> name.equals(o.path("metadata").path("name").asText()));
    }

    List<String> names() {
        return objects.stream()
                .map(
                        o ->
                                o.path("kind").asText()
                                        + "/"
                                        + o.path("metadata").path("namespace").asText("")
                                        + "/"
                                        + o.path("metadata").path("name").asText())
                .collect(Collectors.toList());
    }

    Deployment operatorDeployment() {
        return one("Deployment", Chart.RELEASE + "-sparsesweep-operator", Deployment.class);
    }

    /**
     * Pod templates of every workload the chart renders (the operator Deployment), and the bare
     * pods (the {@code helm test} pod) as templates of themselves.
     */
    List<PodTemplateSpec> podTemplates() {
        List<PodTemplateSpec> templates = new ArrayList<>();
        for (ObjectNode pod : ofKind("Pod")) {
            ObjectNode template = pod.objectNode();
            template.set("metadata", pod.path("metadata"));
            template.set("spec", pod.path("spec"));
            templates.add(as(template, PodTemplateSpec.class));
        }
        for (String kind : List.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob")) {
            for (ObjectNode o : ofKind(kind)) {
                JsonNode template =
                        kind.equals("CronJob")
                                ? o.path("spec").path("jobTemplate").path("spec").path("template")
                                : o.path("spec").path("template");
                templates.add(as(template, PodTemplateSpec.class));
            }
        }
        return templates;
    }

    /** The operator's config file (config.yaml of the operator ConfigMap), parsed. */
    Map<String, Object> operatorConfig() {
        ConfigMap cm =
                one("ConfigMap", Chart.RELEASE + "-sparsesweep-operator-config", ConfigMap.class);
        return Chart.readYaml(cm.getData().get("config.yaml"));
    }

    List<ClusterRole> clusterRoles() {
        return ofKind("ClusterRole", ClusterRole.class);
    }

    List<ClusterRoleBinding> clusterRoleBindings() {
        return ofKind("ClusterRoleBinding", ClusterRoleBinding.class);
    }

    List<Role> roles() {
        return ofKind("Role", Role.class);
    }

    List<RoleBinding> roleBindings() {
        return ofKind("RoleBinding", RoleBinding.class);
    }

    List<ServiceAccount> serviceAccounts() {
        return ofKind("ServiceAccount", ServiceAccount.class);
    }

    private static <T> T as(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "rendered object does not parse as " + type.getSimpleName() + ": " + node, e);
        }
    }
}
