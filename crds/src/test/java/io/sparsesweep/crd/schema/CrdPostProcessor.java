package io.sparsesweep.crd.schema;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the CRD generator cannot do from annotations:
 *
 * <ul>
 *   <li>printer columns in the order the resource class declares them (the generator sorts them by
 *       JSON path, which put Age first: fabric8io/kubernetes-client#7454);
 *   <li>descriptions of the resource, its spec and its status, from {@link JsonClassDescription} on
 *       their classes (the generator reads only property descriptions);
 *   <li>descriptions of the fields of Kubernetes' own types used in the model (env, tolerations,
 *       resources, conditions), which Fabric8's classes do not carry: {@link
 *       KubernetesFieldDescriptions}. A description from the model always wins.
 * </ul>
 */
final class CrdPostProcessor implements CRDPostProcessor {
    private final Class<? extends CustomResource<?, ?>> resource;

    CrdPostProcessor(Class<? extends CustomResource<?, ?>> resource) {
        this.resource = resource;
    }

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        CustomResourceDefinition definition = (CustomResourceDefinition) crd;
        for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
            version.setAdditionalPrinterColumns(
                    declaredOrder(version.getAdditionalPrinterColumns()));
            JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
            describe(root, resource);
            Map<String, JSONSchemaProps> top = root.getProperties();
            Class<?>[] specAndStatus = specAndStatusClasses();
            describe(top.get("spec"), specAndStatus[0]);
            describe(top.get("status"), specAndStatus[1]);
            KubernetesFieldDescriptions.fill(root);
        }
        return definition;
    }

    /** The columns sorted by where their annotation stands on the resource class. */
    private List<CustomResourceColumnDefinition> declaredOrder(
            List<CustomResourceColumnDefinition> columns) {
        List<String> declared =
                Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
                        .map(AdditionalPrinterColumn::jsonPath)
                        .toList();
        List<CustomResourceColumnDefinition> sorted = new ArrayList<>(columns);
        sorted.sort(Comparator.comparingInt(c -> declared.indexOf(c.getJsonPath())));
        return sorted;
    }

    private Class<?>[] specAndStatusClasses() {
        ParameterizedType type = (ParameterizedType) resource.getGenericSuperclass();
        return new Class<?>[] {
            (Class<?>) type.getActualTypeArguments()[0], (Class<?>) type.getActualTypeArguments()[1]
        };
    }

    private static void describe(JSONSchemaProps schema, Class<?> type) {
        JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
        if (schema != null && description != null && schema.getDescription() == null) {
            schema.setDescription(description.value());
        }
    }
}
