package io.sparsesweep.crd.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD describes itself: every property of spec and status, nested ones and those of
 * Kubernetes' own types included, has a description ({@code kubectl explain} prints it), every
 * field with a schema default says so, and the printer columns read as kubectl users expect.
 */
class CrdDescriptionsTest {
    private static final String FIX =
            "add @JsonPropertyDescription (what it is, its unit, its range, 'Default: ...') to the"
                    + " model field, or for a field of a Kubernetes type an entry to"
                    + " KubernetesFieldDescriptions; then regenerate (CrdYamlUpToDateTest)";

    private static CustomResourceDefinitionVersion version;
    private static CustomResourceDefinition crd;
    private static final Map<String, JSONSchemaProps> PROPERTIES = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(CrdGeneration.FILE))) {
            crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        }
        version = crd.getSpec().getVersions().get(0);
        KubernetesFieldDescriptions.walk(
                version.getSchema().getOpenAPIV3Schema(), "", PROPERTIES::put);
    }

    @Test
    void everyPropertyIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        PROPERTIES.forEach(
                (path, schema) -> {
                    if (schema.getDescription() == null || schema.getDescription().isBlank()) {
                        undescribed.add(path);
                    }
                });
        assertThat(PROPERTIES).as("the walk found the schema").hasSizeGreaterThan(100);
        assertThat(undescribed).as("properties without a description; " + FIX).isEmpty();
        assertThat(version.getSchema().getOpenAPIV3Schema().getDescription())
                .as("the resource's own description (kubectl explain sparsesweep)")
                .contains("scaling-law sweep");
    }

    @Test
    void descriptionsAreSentencesNotPlaceholders() {
        PROPERTIES.forEach(
                (path, schema) ->
                        assertThat(schema.getDescription())
                                .as(path)
                                .hasSizeGreaterThanOrEqualTo(12)
                                .endsWith(".")
                                .doesNotContain("{@code")
                                .doesNotContain("TODO"));
    }

    @Test
    void everySchemaDefaultIsStatedInTheDescription() {
        PROPERTIES.forEach(
                (path, schema) -> {
                    if (schema.getDefault() != null) {
                        assertThat(schema.getDescription())
                                .as(path + " has default " + schema.getDefault())
                                .contains("Default: " + schema.getDefault().asText());
                    }
                });
    }

    @Test
    void everyKubernetesTypeEntryNamesAPathTheCrdHas() {
        assertThat(PROPERTIES.keySet())
                .as("stale KubernetesFieldDescriptions entries")
                .containsAll(KubernetesFieldDescriptions.BY_PATH.keySet());
    }

    @Test
    void printerColumnsReadPhaseProgressFailedBestLossThenAge() {
        assertThat(version.getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName)
                .containsExactly("Phase", "Done/Total", "Failed", "Best loss", "Age");
        assertThat(version.getAdditionalPrinterColumns())
                .allSatisfy(c -> assertThat(c.getDescription()).isNotBlank());
    }

    @Test
    void sweepsAreInTheMlCategory() {
        assertThat(crd.getSpec().getNames().getCategories()).containsExactly("ml");
    }
}
