package io.sparsesweep.helm;

import static io.sparsesweep.helm.PodSecurityTest.mapAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart renders with the defaults and with each documented values set (helm/examples/). */
class ValueSetsTest {
    private static final Map<String, Class<?>> TYPES =
            Map.ofEntries(
                    Map.entry("Deployment", Deployment.class),
                    Map.entry("Service", Service.class),
                    Map.entry("ServiceAccount", ServiceAccount.class),
                    Map.entry("ConfigMap", ConfigMap.class),
                    Map.entry("ClusterRole", ClusterRole.class),
                    Map.entry("ClusterRoleBinding", ClusterRoleBinding.class),
                    Map.entry("Role", Role.class),
                    Map.entry("RoleBinding", RoleBinding.class),
                    Map.entry("PodDisruptionBudget", PodDisruptionBudget.class),
                    Map.entry("NetworkPolicy", NetworkPolicy.class),
                    Map.entry("ValidatingAdmissionPolicy", ValidatingAdmissionPolicy.class),
                    Map.entry(
                            "ValidatingAdmissionPolicyBinding",
                            ValidatingAdmissionPolicyBinding.class));

    @ParameterizedTest
    @MethodSource("io.sparsesweep.helm.Chart#exampleNames")
    void everyObjectIsAWellFormedLabelledKubernetesObject(String example) {
        Rendered r = Chart.renderExample(example);

        assertThat(r.ofKind("Deployment")).hasSize(1);
        for (ObjectNode o : r.all()) {
            String kind = o.path("kind").asText();
            assertThat(TYPES.keySet())
                    .as("kinds the chart may render")
                    .contains(kind.equals("ServiceMonitor") ? "Service" : kind);
            if (TYPES.containsKey(kind)) {
                assertThat(r.ofKind(kind, TYPES.get(kind))).isNotEmpty(); // strict parse
            }
            String name = o.path("metadata").path("name").asText();
            assertThat(name).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
            assertThat(o.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText())
                    .as("labels of %s/%s", kind, name)
                    .isEqualTo("sparsesweep");
            boolean clusterScoped =
                    kind.startsWith("Cluster") || kind.startsWith("ValidatingAdmissionPolicy");
            assertThat(o.path("metadata").has("namespace"))
                    .as("%s/%s namespace", kind, name)
                    .isEqualTo(!clusterScoped);
        }
    }

    @Test
    void aKeyRepeatedInOneMappingFailsTheParse() {
        // Every render in this module goes through Rendered.parse, so no values set may repeat a
        // key anywhere (labels, annotations, selectors).
        assertThatThrownBy(
                        () ->
                                Rendered.parse(
                                        "kind: ConfigMap\nmetadata:\n  labels:\n"
                                                + "    a: x\n    a: x\n"))
                .rootCause()
                .hasMessageStartingWith("Duplicate field 'a'");
    }

    @Test
    void podLabelsAndAnnotationsAddKeysButNeverRepeatOrOverrideTheSelector() {
        Rendered r =
                Chart.render(
                        Map.of(
                                "operator",
                                Map.of(
                                        "podLabels",
                                        Map.of(
                                                "app.kubernetes.io/name", "other",
                                                "app.kubernetes.io/part-of", "sparsesweep",
                                                "team", "research"),
                                        "podAnnotations",
                                        Map.of("checksum/config", "x", "owner", "ml-infra"))));
        Deployment d = r.operatorDeployment();
        Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(labels)
                .as("the pods always match the Deployment's selector")
                .containsAllEntriesOf(selector)
                .containsEntry("team", "research")
                .containsEntry("app.kubernetes.io/part-of", "sparsesweep")
                .containsKey("helm.sh/chart");
        Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("owner", "ml-infra");
        assertThat(annotations.get("checksum/config"))
                .as("the config checksum is the chart's, not a value")
                .matches("[0-9a-f]{64}");
    }

    @Test
    void defaults() {
        Rendered r = Chart.render();
        Deployment d = r.operatorDeployment();
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(d.getSpec().getStrategy())
                .as("leader election by default: a rolling update may overlap, the Lease decides")
                .isNull();
        assertThat(c.getImage()).isEqualTo("sparsesweep/operator:0.1.0");
        assertThat(env(c))
                .containsEntry("SPARSESWEEP_CONFIG", "/etc/sparsesweep/config.yaml")
                .containsEntry("SPARSESWEEP_WATCH_NAMESPACES", "")
                .containsEntry("SPARSESWEEP_LEADER_ELECTION", "true")
                .containsEntry("SPARSESWEEP_LOG_LEVEL", "info")
                .containsEntry("SPARSESWEEP_LOG_FORMAT", "text")
                .containsEntry("SPARSESWEEP_METRICS_PORT", "8080");
        assertThat(c.getVolumeMounts())
                .anySatisfy(
                        m -> {
                            assertThat(m.getMountPath()).isEqualTo("/etc/sparsesweep");
                            assertThat(m.getReadOnly()).isTrue();
                        });
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(
                        c.getStartupProbe().getPeriodSeconds()
                                * c.getStartupProbe().getFailureThreshold())
                .as("seconds a slow JVM start gets before liveness counts")
                .isGreaterThanOrEqualTo(120);
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(r.ofKind("ServiceMonitor")).isEmpty();
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("checksum/config");

        Map<String, Object> config = r.operatorConfig();
        assertThat(config).containsEntry("version", 1).containsEntry("watchNamespaces", List.of());
        Map<String, Object> defaults = mapAt(config, "defaults");
        assertThat(defaults)
                .containsEntry("parallelism", 4)
                .containsEntry("maxActiveTrials", 64)
                .containsEntry("trainerImage", "sparsesweep/runner:0.1.0")
                .containsEntry("fittingImage", "sparsesweep/operator:0.1.0")
                .containsEntry("kueueQueue", "")
                .containsEntry("fittingCommand", List.of());
        assertThat(mapAt(mapAt(defaults, "trainerResources"), "requests"))
                .containsEntry("cpu", "500m")
                .containsEntry("memory", "1Gi");
        assertThat(mapAt(mapAt(defaults, "fittingResources"), "requests"))
                .containsEntry("cpu", "1");
        assertThat(mapAt(config, "serviceAccounts"))
                .containsEntry("trial", "ssw-sparsesweep-trial")
                .containsEntry("fitting", "ssw-sparsesweep-fitting");

        Map<String, Object> profiles = mapAt(config, "acceleratorProfiles");
        assertThat(profiles).containsOnlyKeys("h100", "a100", "l4", "tpu-v5e-8");
        Map<String, Object> h100 = mapAt(profiles, "h100");
        assertThat(mapAt(h100, "accelerator"))
                .containsEntry("resource", "nvidia.com/gpu")
                .containsEntry("count", 8);
        assertThat(mapAt(h100, "nodeSelector"))
                .containsEntry("cloud.google.com/gke-accelerator", "nvidia-h100-80gb");
        Map<String, Object> tpu = mapAt(profiles, "tpu-v5e-8");
        assertThat(mapAt(tpu, "accelerator"))
                .containsEntry("resource", "google.com/tpu")
                .containsEntry("count", 8);
        assertThat(mapAt(tpu, "tpu")).containsEntry("topology", "2x4").containsEntry("hosts", 1);
        assertThat(mapAt(tpu, "nodeSelector"))
                .containsEntry("cloud.google.com/gke-tpu-topology", "2x4");
        assertThat((List<?>) tpu.get("tolerations"))
                .singleElement()
                .satisfies(t -> assertThat(((Map<?, ?>) t).get("key")).isEqualTo("google.com/tpu"));

        assertThat(r.serviceAccounts())
                .filteredOn(sa -> !sa.getMetadata().getName().endsWith("-operator"))
                .extracting(sa -> sa.getMetadata().getNamespace())
                .containsOnly(Chart.NAMESPACE);
    }

    @Test
    void namespacedWatch() {
        Rendered r = Chart.renderExample("namespaced.yaml");
        Container c = operatorContainer(r);

        assertThat(env(c)).containsEntry("SPARSESWEEP_WATCH_NAMESPACES", "team-a,team-b");
        assertThat(r.operatorConfig())
                .containsEntry("watchNamespaces", List.of("team-a", "team-b"));
        assertThat(r.serviceAccounts())
                .filteredOn(sa -> !sa.getMetadata().getName().endsWith("-operator"))
                .extracting(
                        sa -> sa.getMetadata().getNamespace() + "/" + sa.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "team-a/ssw-sparsesweep-trial",
                        "team-a/ssw-sparsesweep-fitting",
                        "team-b/ssw-sparsesweep-trial",
                        "team-b/ssw-sparsesweep-fitting");
    }

    @Test
    void replicasAboveOneTurnLeaderElectionOn() {
        Rendered r = Chart.renderExample("high-availability.yaml");
        Deployment d = r.operatorDeployment();

        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getStrategy())
                .as("rolling update: the standby takes the lease")
                .isNull();
        assertThat(env(operatorContainer(r)))
                .containsEntry("SPARSESWEEP_LEADER_ELECTION", "true")
                .containsEntry("SPARSESWEEP_LEASE_NAME", "sparsesweep-leader")
                .containsEntry("SPARSESWEEP_LOG_FORMAT", "json");
        assertThat(env(operatorContainer(r))).containsKeys("POD_NAME", "POD_NAMESPACE");
        assertThat(d.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity())
                .isNotNull();

        Rendered off =
                Chart.render(
                        Map.of(
                                "operator",
                                Map.of("leaderElection", Map.of("forceEnabled", false))));
        assertThat(env(operatorContainer(off)))
                .containsEntry("SPARSESWEEP_LEADER_ELECTION", "false");
        assertThat(off.operatorDeployment().getSpec().getStrategy().getType())
                .as(
                        "one replica without leader election must never overlap its successor in a rollout")
                .isEqualTo("Recreate");
    }

    @Test
    void serviceMonitorScrapesTheMetricsServicePort() {
        Rendered r = Chart.renderExample("monitoring.yaml");
        Service svc = r.one("Service", "ssw-sparsesweep-metrics", Service.class);
        ObjectNode sm = r.ofKind("ServiceMonitor").get(0);

        assertThat(sm.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(sm.path("metadata").path("labels").path("release").asText())
                .isEqualTo("kube-prometheus-stack");
        assertThat(svc.getSpec().getPorts())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.getPort()).isEqualTo(9090);
                            assertThat(p.getName())
                                    .isEqualTo(
                                            sm.path("spec")
                                                    .path("endpoints")
                                                    .get(0)
                                                    .path("port")
                                                    .asText());
                        });
        Map<String, String> selector =
                Chart.readYaml(sm.path("spec").path("selector").path("matchLabels").toString())
                        .entrySet()
                        .stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString()));
        assertThat(svc.getMetadata().getLabels()).containsAllEntriesOf(selector);
        assertThat(sm.path("spec").path("endpoints").get(0).path("interval").asText())
                .isEqualTo("15s");
        assertThat(operatorContainer(r).getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9090));
        assertThat(svc.getSpec().getSelector())
                .isEqualTo(r.operatorDeployment().getSpec().getSelector().getMatchLabels());

        NetworkPolicy np = r.one("NetworkPolicy", "ssw-sparsesweep-operator", NetworkPolicy.class);
        assertThat(np.getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(r.operatorDeployment().getSpec().getSelector().getMatchLabels());
        assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(np.getSpec().getIngress())
                .singleElement()
                .satisfies(
                        rule -> {
                            assertThat(rule.getPorts())
                                    .singleElement()
                                    .satisfies(
                                            p ->
                                                    assertThat(p.getPort().getIntVal())
                                                            .isEqualTo(9090));
                            // the configured peer, then the chart's `helm test` pod
                            assertThat(rule.getFrom()).hasSize(2);
                            assertThat(
                                            rule.getFrom()
                                                    .get(0)
                                                    .getNamespaceSelector()
                                                    .getMatchLabels())
                                    .containsEntry("kubernetes.io/metadata.name", "monitoring");
                            assertThat(rule.getFrom().get(1).getPodSelector().getMatchLabels())
                                    .containsEntry("app.kubernetes.io/instance", "ssw")
                                    .containsEntry("app.kubernetes.io/component", "test");
                        });
        assertThat(Chart.render().ofKind("NetworkPolicy")).as("off by default").isEmpty();
    }

    @Test
    void kueueDefaults() {
        Map<String, Object> defaults =
                mapAt(Chart.renderExample("kueue.yaml").operatorConfig(), "defaults");

        assertThat(defaults)
                .containsEntry("kueueQueue", "research-gpu")
                .containsEntry("kueuePriorityClass", "sweep-low");
    }

    @Test
    void acceleratorProfilesAddToTheDefaults() {
        Map<String, Object> profiles =
                mapAt(
                        Chart.renderExample("accelerators.yaml").operatorConfig(),
                        "acceleratorProfiles");

        assertThat(profiles).containsKeys("h100-spot", "tpu-v5p-16", "h100", "tpu-v5e-8");
        assertThat(mapAt(mapAt(profiles, "tpu-v5p-16"), "tpu")).containsEntry("hosts", 4);
        assertThat(mapAt(mapAt(profiles, "h100-spot"), "nodeSelector"))
                .containsEntry("cloud.google.com/gke-spot", "true");

        Map<String, Object> withoutDefaults = new java.util.HashMap<>();
        for (String name : List.of("h100", "a100", "l4", "tpu-v5e-8")) {
            withoutDefaults.put(name, null);
        }
        withoutDefaults.put(
                "cpu-only",
                Map.of("accelerator", Map.of("resource", "nvidia.com/gpu", "count", 1)));
        Map<String, Object> replaced =
                mapAt(
                        Chart.render(
                                        Map.of(
                                                "sweeps",
                                                Map.of("acceleratorProfiles", withoutDefaults)))
                                .operatorConfig(),
                        "acceleratorProfiles");
        assertThat(replaced).as("null removes a default profile").containsOnlyKeys("cpu-only");
    }

    @Test
    void scaleDefaultsAndDigestPinnedRunnerImage() {
        Map<String, Object> defaults =
                mapAt(Chart.renderExample("scale.yaml").operatorConfig(), "defaults");

        assertThat(defaults)
                .containsEntry("parallelism", 16)
                .containsEntry("maxActiveTrials", 256)
                .containsEntry("imagePullPolicy", "Always")
                .containsEntry(
                        "trainerImage",
                        "registry.example/ml/sparsesweep-runner@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        assertThat(mapAt(mapAt(defaults, "trainerResources"), "requests"))
                .containsEntry("cpu", "8");
        assertThat(mapAt(mapAt(defaults, "fittingResources"), "limits"))
                .containsEntry("memory", "512Mi");
    }

    @Test
    void explicitSweepNamespacesAndServiceAccountNames() {
        Rendered r = Chart.renderExample("sweep-namespaces.yaml");

        assertThat(r.serviceAccounts())
                .filteredOn(sa -> !sa.getMetadata().getName().endsWith("-operator"))
                .extracting(
                        sa -> sa.getMetadata().getNamespace() + "/" + sa.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "ml-research/sweep-trial",
                        "ml-research/sweep-fitting",
                        "ml-prod/sweep-trial",
                        "ml-prod/sweep-fitting");
        assertThat(r.roleBindings())
                .as("the fitting ServiceAccounts are bound to nothing")
                .noneMatch(b -> b.getSubjects().get(0).getName().equals("sweep-fitting"));
        assertThat(mapAt(r.operatorConfig(), "serviceAccounts"))
                .containsEntry("trial", "sweep-trial")
                .containsEntry("fitting", "sweep-fitting");
    }

    @Test
    void operatorImageDigestWinsOverTag() {
        String digest = "sha256:" + "ab".repeat(32);
        Rendered r =
                Chart.render(
                        Map.of(
                                "operator",
                                Map.of(
                                        "image",
                                        Map.of(
                                                "repository",
                                                "example/op",
                                                "tag",
                                                "9.9",
                                                "digest",
                                                digest))));

        assertThat(operatorContainer(r).getImage()).isEqualTo("example/op@" + digest);
    }

    @Test
    void metricsServiceAndProbesCanBeSwitchedOff() {
        Rendered r =
                Chart.render(
                        Map.of(
                                "operator",
                                Map.of(
                                        "metrics",
                                        Map.of("service", Map.of("enabled", false)),
                                        "probes",
                                        Map.of("enabled", false))));

        assertThat(r.ofKind("Service")).isEmpty();
        assertThat(operatorContainer(r).getLivenessProbe()).isNull();
        assertThat(operatorContainer(r).getReadinessProbe()).isNull();
        assertThat(operatorContainer(r).getStartupProbe()).isNull();
    }

    @Test
    void serviceMonitorWithoutServiceIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                Chart.render(
                                        Map.of(
                                                "operator",
                                                Map.of(
                                                        "metrics",
                                                        Map.of(
                                                                "service", Map.of("enabled", false),
                                                                "serviceMonitor",
                                                                        Map.of("enabled", true))))))
                .hasMessageContaining(
                        "serviceMonitor.enabled needs operator.metrics.service.enabled=true");
    }

    static Container operatorContainer(Rendered r) {
        return r.operatorDeployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Map<String, String> env(Container c) {
        return c.getEnv().stream()
                .collect(
                        Collectors.toMap(
                                EnvVar::getName,
                                e ->
                                        e.getValue() == null
                                                ? "<from " + e.getValueFrom() + ">"
                                                : e.getValue()));
    }
}
