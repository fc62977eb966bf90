package io.sparsesweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CRD describes itself to kubectl users on the real API server: {@code kubectl explain} prints
 * a description for the resource and for every field of spec and status, nested ones included (it
 * reads the OpenAPI document the API server publishes from the CRD, not the YAML file); {@code
 * kubectl get ssw} shows Phase, Done/Total, Failed, Best loss and Age in that order; and {@code
 * kubectl get ml} lists sweeps.
 */
@ExtendWith(TestbedExtension.class)
class CrdExplainIT {
    private static final String NS = "crd-explain-it";

    private static KubernetesClient client;
    private static Kubectl kubectl;
    private static CustomResourceDefinition crd;

    @BeforeAll
    static void setUp(Testbed bed) throws Exception {
        client = bed.newClient();
        kubectl = bed.kubectl();
        crd = Crds.install(client).get(0);
        client.namespaces()
                .resource(
                        new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .serverSideApply();
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            client.namespaces().withName(NS).delete();
            client.close();
        }
    }

    /** Object-typed fields by their explain path ({@code sparsesweep.spec.grid}), root first. */
    private static Map<String, JSONSchemaProps> objectsToExplain() {
        Map<String, JSONSchemaProps> objects = new LinkedHashMap<>();
        collect(
                "sparsesweep",
                crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema(),
                objects);
        return objects;
    }

    private static void collect(
            String path, JSONSchemaProps schema, Map<String, JSONSchemaProps> out) {
        // kubectl explain steps through list items by the list's own name
        while (schema.getItems() != null && schema.getItems().getSchema() != null) {
            schema = schema.getItems().getSchema();
        }
        if (schema.getProperties() == null || schema.getProperties().isEmpty()) {
            return;
        }
        out.put(path, schema);
        schema.getProperties().forEach((name, child) -> collect(path + "." + name, child, out));
    }

    /** The description as kubectl prints it: words only, line breaks and indentation aside. */
    private static String words(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    @Test
    void kubectlExplainDescribesEveryField() {
        Map<String, JSONSchemaProps> objects = objectsToExplain();
        assertThat(objects).containsKeys("sparsesweep", "sparsesweep.spec", "sparsesweep.status");
        List<String> problems = new ArrayList<>();
        int fields = 0;
        for (Map.Entry<String, JSONSchemaProps> object : objects.entrySet()) {
            Kubectl.Result r = kubectl.run(null, Duration.ofMinutes(1), "explain", object.getKey());
            if (!r.ok()) {
                problems.add(object.getKey() + ": kubectl explain failed: " + r.stderr());
                continue;
            }
            String out = words(r.stdout());
            if (out.contains("<no description>")) {
                problems.add(object.getKey() + ": kubectl prints <no description>");
            }
            for (Map.Entry<String, JSONSchemaProps> field :
                    object.getValue().getProperties().entrySet()) {
                fields++;
                String description = field.getValue().getDescription();
                if (description == null || !out.contains(words(description))) {
                    problems.add(
                            object.getKey()
                                    + "."
                                    + field.getKey()
                                    + ": kubectl explain does not show its description");
                }
            }
        }
        System.out.printf(
                "kubectl explain: %d objects, %d fields, %d problems%n",
                objects.size(), fields, problems.size());
        assertThat(fields).as("fields walked").isGreaterThan(100);
        assertThat(problems).isEmpty();
    }

    @Test
    void aLeafFieldShowsItsUnitAndDefault() {
        Kubectl.Result r = kubectl.run("explain", "sparsesweep.spec.training.pruneStart");
        assertThat(r.ok()).as(r.stderr()).isTrue();
        assertThat(words(r.stdout())).contains("Fraction of training").contains("Default: 0.25.");
    }

    @Test
    void getShowsTheColumnsInReadingOrderAndTheMlCategoryListsSweeps() {
        String sweep =
                """
                apiVersion: sparsesweep.io/v1alpha1
                kind: SparseSweep
                metadata: {name: columns, namespace: %s}
                spec:
                  task: lm
                  dataset: synthetic
                  model: {sizes: [{name: s, width: 32, depth: 1, heads: 2}]}
                  grid: {sparsities: [0.0, 0.5], steps: [10]}
                  trainer: {image: example.invalid/trainer:1}
                """
                        .formatted(NS);
        Kubectl.Result applied = kubectl.run(sweep, Duration.ofMinutes(1), "apply", "-f", "-");
        assertThat(applied.ok()).as(applied.stderr()).isTrue();

        Kubectl.Result got = kubectl.run("get", "ssw", "-n", NS, "columns");
        assertThat(got.ok()).as(got.stderr()).isTrue();
        String header = got.stdout().lines().findFirst().orElseThrow();
        assertThat(List.of(header.trim().split("\\s{2,}")))
                .containsExactly("NAME", "PHASE", "DONE/TOTAL", "FAILED", "BEST LOSS", "AGE");

        Kubectl.Result category = kubectl.run("get", "ml", "-n", NS, "-o", "name");
        assertThat(category.ok()).as(category.stderr()).isTrue();
        assertThat(category.stdout()).contains("sparsesweep.sparsesweep.io/columns");
    }
}
