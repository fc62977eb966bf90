package io.sparsesweep.e2e;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs the Helm chart ({@code helm/sparsesweep}) into the test bed the way {@code helm install}
 * would, minus the operator's own Deployment/Service/ServiceMonitor: the operator runs in the test
 * JVM instead (there is no container runtime), under the chart's operator ServiceAccount by
 * impersonation, with the settings from the chart's ConfigMap. Rendering is done by real Helm
 * (helm-java's native library); the CRD comes from the chart's {@code crds/}.
 */
final class ChartInstall {
    static final String RELEASE = "sparsesweep";
    static final String NAMESPACE = "sparsesweep-system";
    private static final Set<String> RUN_BY_THE_TEST =
            Set.of("Deployment", "Service", "ServiceMonitor");

    /** The env entry in the Deployment as Helm's {@code quote} renders it. */
    private static final java.util.regex.Pattern JAVA_TOOL_OPTIONS =
            java.util.regex.Pattern.compile(
                    "- name: JAVA_TOOL_OPTIONS\\s*\\n\\s*value: \"([^\"]*)\"");

    final List<HasMetadata> applied = new ArrayList<>();
    final String operatorConfigYaml;
    final String operatorServiceAccount;

    /**
     * The operator container's {@code JAVA_TOOL_OPTIONS} as the chart renders it ({@code
     * operator.javaOptions}), so the operator process runs with the JVM flags a real install runs
     * it with, not with this machine's ergonomics.
     */
    final String operatorJavaOptions;

    private ChartInstall(
            String operatorConfigYaml, String operatorServiceAccount, String operatorJavaOptions) {
        this.operatorConfigYaml = operatorConfigYaml;
        this.operatorServiceAccount = operatorServiceAccount;
        this.operatorJavaOptions = operatorJavaOptions;
    }

    static Path chartDir() {
        return Crds.repoDir().resolve("helm").resolve("sparsesweep");
    }

    static boolean chartPresent() {
        return Files.isRegularFile(chartDir().resolve("Chart.yaml"));
    }

    /** Renders with {@code values} and applies the result (server-side apply). */
    static ChartInstall install(KubernetesClient client, Map<String, Object> values)
            throws Exception {
        Path valuesFile = Files.createTempFile("e2e-values", ".yaml");
        String rendered;
        try {
            Files.writeString(valuesFile, Serialization.asYaml(values));
            rendered =
                    new Helm(chartDir())
                            .template()
                            .withName(RELEASE)
                            .withNamespace(NAMESPACE)
                            .withValuesFile(valuesFile)
                            .call();
        } finally {
            Files.deleteIfExists(valuesFile);
        }
        Crds.install(client, chartDir().resolve("crds"));
        client.namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(NAMESPACE)
                                .endMetadata()
                                .build())
                .serverSideApply();
        // Documents the test runs itself are dropped before parsing (as text: the chart's
        // Deployment pod template currently repeats two label keys, which a strict YAML parser
        // rejects; see the report of issue 5).
        StringBuilder kept = new StringBuilder();
        String javaOptions = null;
        for (String doc : rendered.split("(?m)^---\\s*$")) {
            java.util.regex.Matcher kind =
                    java.util.regex.Pattern.compile("(?m)^kind:\\s*(\\S+)").matcher(doc);
            if (kind.find() && RUN_BY_THE_TEST.contains(kind.group(1))) {
                java.util.regex.Matcher opts = JAVA_TOOL_OPTIONS.matcher(doc);
                if ("Deployment".equals(kind.group(1)) && opts.find()) {
                    javaOptions = opts.group(1);
                }
                continue;
            }
            kept.append("---\n").append(doc).append('\n');
        }
        List<HasMetadata> items =
                client.load(
                                new ByteArrayInputStream(
                                        kept.toString().getBytes(StandardCharsets.UTF_8)))
                        .items();
        String config = null;
        String operatorSa = null;
        ChartInstall result;
        List<HasMetadata> toApply = new ArrayList<>();
        for (HasMetadata item : items) {
            if (item == null || RUN_BY_THE_TEST.contains(item.getKind())) {
                continue;
            }
            if (item instanceof ConfigMap cm
                    && cm.getData() != null
                    && cm.getData().containsKey("config.yaml")) {
                config = cm.getData().get("config.yaml");
            }
            if ("ServiceAccount".equals(item.getKind())
                    && item.getMetadata().getName().endsWith("-operator")) {
                operatorSa = item.getMetadata().getName();
            }
            toApply.add(item);
        }
        // namespaces first, so namespaced objects have somewhere to go
        for (HasMetadata item : toApply) {
            String ns = item.getMetadata().getNamespace();
            if (ns != null && client.namespaces().withName(ns).get() == null) {
                client.namespaces()
                        .resource(
                                new NamespaceBuilder()
                                        .withNewMetadata()
                                        .withName(ns)
                                        .endMetadata()
                                        .build())
                        .serverSideApply();
            }
        }
        if (javaOptions == null) {
            throw new IllegalStateException(
                    "the chart's operator Deployment sets no JAVA_TOOL_OPTIONS value");
        }
        result = new ChartInstall(config, operatorSa, javaOptions);
        for (HasMetadata item : toApply) {
            result.applied.add(client.resource(item).forceConflicts().serverSideApply());
        }
        if (config == null || operatorSa == null) {
            throw new IllegalStateException(
                    "the chart rendered no operator config.yaml ConfigMap or operator ServiceAccount");
        }
        return result;
    }
}
