package io.sparsesweep.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sparsesweep.e2e.BadInputRows;
import io.sparsesweep.e2e.Kubectl;
import io.sparsesweep.e2e.Testbed;
import io.sparsesweep.e2e.TestbedExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code helm install} of the chart into the real control plane of testbed/ (kube-apiserver 1.35
 * with the RBAC authorizer), then every row of the can-i matrix asked with the real {@code kubectl
 * auth can-i --as=system:serviceaccount:...}: the permissions granted and the ones withheld.
 */
@ExtendWith(TestbedExtension.class)
class HelmInstallIT {
    private static final List<String> NAMESPACES =
            List.of("team-a", "team-b", "ml", "other", "ml-research", "ml-prod");

    @Test
    void installsAndTheCanIMatrixHoldsOnARealApiServer(Testbed testbed) throws Exception {
        Map<String, List<String[]>> rowsByValues =
                RbacTest.canIMatrix().stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> r[0], LinkedHashMap::new, Collectors.toList()));
        Kubectl kubectl = testbed.kubectl();
        List<String> wrong = new ArrayList<>();
        try (KubernetesClient client = testbed.newClient()) {
            createNamespaces(client);
            for (Map.Entry<String, List<String[]>> set : rowsByValues.entrySet()) {
                Release release = install(testbed.kubeconfig(), set.getKey());
                try {
                    assertThat(release.getStatus()).as(set.getKey()).isEqualTo("deployed");
                    assertThat(
                                    client.apps()
                                            .deployments()
                                            .inNamespace(Chart.NAMESPACE)
                                            .withName("ssw-sparsesweep-operator")
                                            .get())
                            .isNotNull();
                    CustomResourceDefinition crd =
                            client.apiextensions()
                                    .v1()
                                    .customResourceDefinitions()
                                    .withName("sparsesweeps.sparsesweep.io")
                                    .get();
                    assertThat(crd).as("CRD applied from the chart's crds/").isNotNull();
                    if ("default".equals(set.getKey())) {
                        wrong.addAll(aggregatedRolesReachNamespaceUsers(client, kubectl));
                    }
                    for (String[] row : set.getValue()) {
                        boolean expected = "yes".equals(row[5]);
                        boolean actual = canI(kubectl, client, row);
                        if (actual != expected) {
                            wrong.add(
                                    String.join(",", row)
                                            + " -> kubectl says "
                                            + (actual ? "yes" : "no"));
                        }
                    }
                } finally {
                    Helm.uninstall(Chart.RELEASE)
                            .withNamespace(Chart.NAMESPACE)
                            .withKubeConfig(testbed.kubeconfig())
                            .call();
                }
            }
        }
        assertThat(wrong).as("can-i rows that do not hold on the real API server").isEmpty();
    }

    /**
     * Every documented values set upgrades an installed release in place (the ServiceMonitor one
     * needs the Prometheus Operator's CRDs, which the test bed does not have, so it runs with the
     * ServiceMonitor off), and the documented CRD upgrade command works on the live CRD.
     */
    @Test
    void everyValuesSetUpgradesTheReleaseAndTheCrdUpgradeStepWorks(Testbed testbed)
            throws Exception {
        Path kubeconfig = testbed.kubeconfig();
        try (KubernetesClient client = testbed.newClient()) {
            for (String ns : NAMESPACES) {
                client.namespaces()
                        .resource(
                                new NamespaceBuilder()
                                        .withNewMetadata()
                                        .withName(ns)
                                        .endMetadata()
                                        .build())
                        .serverSideApply();
            }
            Release first = install(kubeconfig, "default");
            try {
                int revision = Integer.parseInt(first.getRevision());
                for (String example : Chart.exampleNames()) {
                    var upgrade =
                            new Helm(Chart.CHART_DIR)
                                    .upgrade()
                                    .withName(Chart.RELEASE)
                                    .withNamespace(Chart.NAMESPACE)
                                    .withKubeConfig(kubeconfig);
                    if (!"default".equals(example)) {
                        upgrade = upgrade.withValuesFile(Chart.EXAMPLES_DIR.resolve(example));
                    }
                    if ("monitoring.yaml".equals(example)) {
                        upgrade = upgrade.set("operator.metrics.serviceMonitor.enabled", "false");
                    }
                    Release r = upgrade.call();
                    assertThat(r.getStatus()).as(example).isEqualTo("deployed");
                    assertThat(Integer.parseInt(r.getRevision())).as(example).isEqualTo(++revision);
                }
                Kubectl.Result crdUpgrade =
                        testbed.kubectl()
                                .run(
                                        "apply",
                                        "--server-side",
                                        "--force-conflicts",
                                        "-f",
                                        Chart.CHART_DIR.resolve("crds").toString());
                assertThat(crdUpgrade.exitCode())
                        .as("documented CRD upgrade: %s", crdUpgrade)
                        .isZero();
                assertThat(crdUpgrade.stdout()).contains("sparsesweeps.sparsesweep.io");
            } finally {
                Helm.uninstall(Chart.RELEASE)
                        .withNamespace(Chart.NAMESPACE)
                        .withKubeConfig(kubeconfig)
                        .call();
            }
        }
    }

    /**
     * The operator's ClusterRole reaches every namespace; the chart's ValidatingAdmissionPolicy is
     * what keeps a stolen operator token (or a bug) from running arbitrary Jobs there or rewriting
     * other ConfigMaps. Real requests as the operator's ServiceAccount (impersonated), on the real
     * API server: what RBAC allows and the policy refuses, and what still goes through.
     */
    @Test
    void theAdmissionPolicyConfinesTheOperatorToSweepObjects(Testbed testbed) throws Exception {
        try (KubernetesClient admin = testbed.newClient()) {
            createNamespaces(admin);
            Release release = install(testbed.kubeconfig(), "default");
            try (KubernetesClient operator =
                    impersonating(admin, Chart.NAMESPACE, RbacTest.OPERATOR_SA)) {
                assertThat(release.getStatus()).isEqualTo("deployed");
                Kubectl kubectl = testbed.kubectl();
                // RBAC alone says yes: the policy is what stops these.
                assertThat(
                                canI(
                                        kubectl,
                                        admin,
                                        new String[] {
                                            "default",
                                            Chart.NAMESPACE + ":" + RbacTest.OPERATOR_SA,
                                            "kube-system",
                                            "create",
                                            "jobs.batch",
                                            "yes"
                                        }))
                        .isTrue();
                admin.configMaps()
                        .inNamespace("ml")
                        .resource(
                                new ConfigMapBuilder()
                                        .withNewMetadata()
                                        .withName("someone-elses")
                                        .endMetadata()
                                        .addToData("k", "v")
                                        .build())
                        .create();
                admin.batch()
                        .v1()
                        .jobs()
                        .inNamespace("ml")
                        .resource(job("someone-elses-job", false, false))
                        .create();

                // The policy takes effect once the API server has loaded it.
                awaitDenied(
                        () ->
                                operator.batch()
                                        .v1()
                                        .jobs()
                                        .inNamespace("ml")
                                        .resource(job("unlabelled", false, false))
                                        .dryRun()
                                        .create());
                List<String> wrong = new ArrayList<>();
                denied(
                        wrong,
                        "operator creates an unlabelled Job",
                        "labelled sparsesweep.io/sweep",
                        () ->
                                operator.batch()
                                        .v1()
                                        .jobs()
                                        .inNamespace("ml")
                                        .resource(job("unlabelled", false, false))
                                        .dryRun()
                                        .create());
                denied(
                        wrong,
                        "operator creates a labelled Job no SparseSweep controls",
                        "controlled by a SparseSweep",
                        () ->
                                operator.batch()
                                        .v1()
                                        .jobs()
                                        .inNamespace("ml")
                                        .resource(job("orphan", true, false))
                                        .dryRun()
                                        .create());
                denied(
                        wrong,
                        "operator creates a sweep Job in kube-system",
                        "may not write in namespace kube-system",
                        () ->
                                operator.batch()
                                        .v1()
                                        .jobs()
                                        .inNamespace("kube-system")
                                        .resource(job("in-kube-system", true, true))
                                        .dryRun()
                                        .create());
                denied(
                        wrong,
                        "operator deletes someone else's Job",
                        "labelled sparsesweep.io/sweep",
                        () ->
                                operator.batch()
                                        .v1()
                                        .jobs()
                                        .inNamespace("ml")
                                        .withName("someone-elses-job")
                                        .dryRun()
                                        .delete());
                denied(
                        wrong,
                        "operator patches someone else's ConfigMap",
                        "already carry the label",
                        // On the resource, as the operator patches: withName() would GET the
                        // ConfigMap first, which RBAC already refuses before admission is asked.
                        () ->
                                operator.configMaps()
                                        .inNamespace("ml")
                                        .resource(
                                                new io.fabric8.kubernetes.api.model
                                                                .ConfigMapBuilder()
                                                        .withNewMetadata()
                                                        .withName("someone-elses")
                                                        .withNamespace("ml")
                                                        .endMetadata()
                                                        .build())
                                        .patch(
                                                PatchContext.of(PatchType.JSON_MERGE),
                                                "{\"metadata\":{\"labels\":{\"sparsesweep.io/sweep\":\"x\"}},"
                                                        + "\"data\":{\"k\":\"stolen\"}}"));
                denied(
                        wrong,
                        "operator records an Event about a Pod",
                        "Events about SparseSweeps",
                        () ->
                                operator.v1()
                                        .events()
                                        .inNamespace("ml")
                                        .resource(event("Pod"))
                                        .dryRun()
                                        .create());
                // What the operator does for a sweep still goes through.
                operator.batch()
                        .v1()
                        .jobs()
                        .inNamespace("ml")
                        .resource(job("sweep-trial", true, true))
                        .dryRun()
                        .create();
                operator.configMaps()
                        .inNamespace("ml")
                        .resource(
                                new ConfigMapBuilder()
                                        .withNewMetadata()
                                        .withName("s-results")
                                        .addToLabels("sparsesweep.io/sweep", "s")
                                        .endMetadata()
                                        .addToData("results.csv", "x")
                                        .build())
                        .dryRun()
                        .create();
                operator.v1()
                        .events()
                        .inNamespace("ml")
                        .resource(event("SparseSweep"))
                        .dryRun()
                        .create();
                // Anyone else is not affected by the policy.
                admin.batch()
                        .v1()
                        .jobs()
                        .inNamespace("ml")
                        .resource(job("admin-job", false, false))
                        .dryRun()
                        .create();
                assertThat(
                                admin.configMaps()
                                        .inNamespace("ml")
                                        .withName("someone-elses")
                                        .get()
                                        .getData())
                        .containsEntry("k", "v");
                assertThat(wrong).as("requests the policy should have refused").isEmpty();
            } finally {
                Helm.uninstall(Chart.RELEASE)
                        .withNamespace(Chart.NAMESPACE)
                        .withKubeConfig(testbed.kubeconfig())
                        .call();
            }
        }
        BadInputRows.write("operator-writes");
    }

    /**
     * The admin's guard rails as the API server applies them (production.yaml): a sweep naming an
     * image, toleration or node-selector key, or a priority class outside them, or setting an
     * affinity or a pull Secret they forbid, is refused at apply, with the reason; one inside them
     * is accepted.
     */
    @Test
    void guardRailsRefuseSweepsAtAdmission(Testbed testbed) throws Exception {
        try (KubernetesClient admin = testbed.newClient()) {
            createNamespaces(admin);
            install(testbed.kubeconfig(), "production.yaml");
            try {
                var sweeps =
                        admin.genericKubernetesResources("sparsesweep.io/v1alpha1", "SparseSweep")
                                .inNamespace("team-a");
                awaitDenied(
                        () ->
                                sweeps.resource(sweep("miner", "docker.io/someone/miner:1", ""))
                                        .dryRun()
                                        .create());
                List<String> wrong = new ArrayList<>();
                denied(
                        wrong,
                        "sweep image outside allowedImagePrefixes",
                        "spec.trainer.image: docker.io/someone/miner:1 is not allowed",
                        () ->
                                sweeps.resource(sweep("miner", "docker.io/someone/miner:1", ""))
                                        .dryRun()
                                        .create());
                denied(
                        wrong,
                        "sweep toleration key outside allowedTolerationKeys",
                        "every toleration needs a key from",
                        () ->
                                sweeps.resource(
                                                sweep(
                                                        "tol",
                                                        "registry.example.com/ml/r:1",
                                                        "tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists}]"))
                                        .dryRun()
                                        .create());
                denied(
                        wrong,
                        "sweep node selector key outside allowedNodeSelectorKeys",
                        "every key must be one of",
                        () ->
                                sweeps.resource(
                                                sweep(
                                                        "pin",
                                                        "registry.example.com/ml/r:1",
                                                        "nodeSelector: {kubernetes.io/hostname: node-7}"))
                                        .dryRun()
                                        .create());
                String image = "registry.example.com/ml/r:1";
                denied(
                        wrong,
                        "sweep priority class outside allowedPriorityClasses",
                        "spec.podTemplate.priorityClassName",
                        () ->
                                sweeps.resource(
                                                sweep(
                                                        "urgent",
                                                        image,
                                                        "",
                                                        "podTemplate: {priorityClassName: urgent}"))
                                        .dryRun()
                                        .create());
                denied(
                        wrong,
                        "sweep affinity with allowAffinity: false",
                        "spec.podTemplate.affinity",
                        () ->
                                sweeps.resource(
                                                sweep(
                                                        "pinned",
                                                        image,
                                                        "",
                                                        "podTemplate: {affinity: {nodeAffinity:"
                                                                + " {requiredDuringSchedulingIgnoredDuringExecution:"
                                                                + " {nodeSelectorTerms: [{matchExpressions:"
                                                                + " [{key: kubernetes.io/hostname,"
                                                                + " operator: In, values: [node-7]}]}]}}}}"))
                                        .dryRun()
                                        .create());
                denied(
                        wrong,
                        "sweep pull Secret with allowImagePullSecrets: false",
                        "spec.podTemplate.imagePullSecrets",
                        () ->
                                sweeps.resource(
                                                sweep(
                                                        "borrow",
                                                        image,
                                                        "",
                                                        "podTemplate: {imagePullSecrets: [{name: other-team-creds}]}"))
                                        .dryRun()
                                        .create());
                sweeps.resource(
                                sweep(
                                        "ok",
                                        image,
                                        "tolerations: [{key: nvidia.com/gpu, operator: Exists}]",
                                        "podTemplate: {priorityClassName: research-low,"
                                                + " labels: {cost-center: \"4711\"}}"))
                        .dryRun()
                        .create();
                assertThat(wrong).as("sweeps the guard rails should have refused").isEmpty();
            } finally {
                Helm.uninstall(Chart.RELEASE)
                        .withNamespace(Chart.NAMESPACE)
                        .withKubeConfig(testbed.kubeconfig())
                        .call();
            }
        }
        BadInputRows.write("operator-writes");
    }

    /** The test namespaces, applied server-side so a test may run after another created them. */
    private static void createNamespaces(KubernetesClient admin) {
        for (String ns : NAMESPACES) {
            admin.namespaces()
                    .resource(
                            new NamespaceBuilder()
                                    .withNewMetadata()
                                    .withName(ns)
                                    .endMetadata()
                                    .build())
                    .serverSideApply();
        }
    }

    private static KubernetesClient impersonating(KubernetesClient admin, String ns, String sa) {
        return new KubernetesClientBuilder()
                .withConfig(
                        new ConfigBuilder(admin.getConfiguration())
                                .withImpersonateUsername("system:serviceaccount:" + ns + ":" + sa)
                                .withImpersonateGroups(
                                        "system:serviceaccounts",
                                        "system:serviceaccounts:" + ns,
                                        "system:authenticated")
                                .build())
                .build();
    }

    private static Job job(String name, boolean labelled, boolean owned) {
        var b = new JobBuilder().withNewMetadata().withName(name);
        if (labelled) {
            b = b.addToLabels("sparsesweep.io/sweep", "s");
        }
        if (owned) {
            b =
                    b.addNewOwnerReference()
                            .withApiVersion("sparsesweep.io/v1alpha1")
                            .withKind("SparseSweep")
                            .withName("s")
                            .withUid("00000000-0000-0000-0000-000000000001")
                            .withController(true)
                            .withBlockOwnerDeletion(true)
                            .endOwnerReference();
        }
        return b.endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("c")
                .withImage("example.invalid/x:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static io.fabric8.kubernetes.api.model.Event event(String kind) {
        return new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata()
                .withName("e-" + kind.toLowerCase(java.util.Locale.ROOT))
                .endMetadata()
                .withNewInvolvedObject()
                .withKind(kind)
                .withName("x")
                .withNamespace("ml")
                .withApiVersion(kind.equals("Pod") ? "v1" : "sparsesweep.io/v1alpha1")
                .endInvolvedObject()
                .withReason("Test")
                .withMessage("m")
                .withType("Normal")
                .build();
    }

    private static io.fabric8.kubernetes.api.model.GenericKubernetesResource sweep(
            String name, String image, String trainerExtra) {
        return sweep(name, image, trainerExtra, "");
    }

    /** A sweep in team-a with one more line under spec.trainer and one under spec. */
    private static io.fabric8.kubernetes.api.model.GenericKubernetesResource sweep(
            String name, String image, String trainerExtra, String specExtra) {
        return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                """
                apiVersion: sparsesweep.io/v1alpha1
                kind: SparseSweep
                metadata: {name: %s, namespace: team-a}
                spec:
                  task: lm
                  dataset: synthetic
                  model: {sizes: [{name: s, width: 64, depth: 2, heads: 2}]}
                  grid: {sparsities: [0.0, 0.5], steps: [100, 200, 400, 800]}
                  trainer:
                    image: %s
                    %s
                  %s
                """
                        .formatted(name, image, trainerExtra, specExtra),
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
    }

    /** Waits (up to a minute) until the API server has loaded the policy and refuses the call. */
    private static void awaitDenied(Runnable call) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                call.run();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403 || e.getCode() == 422) {
                    return;
                }
                throw e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the admission policy never took effect");
            }
            Thread.sleep(500);
        }
    }

    /** Runs a call that must be refused by admission with {@code mention}; records the row. */
    private static void denied(List<String> wrong, String what, String mention, Runnable call) {
        try {
            call.run();
            wrong.add(what + ": accepted");
            BadInputRows.add("operator-writes", what, "accepted", "");
        } catch (KubernetesClientException e) {
            String message = e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage();
            BadInputRows.add("operator-writes", what, String.valueOf(e.getCode()), message);
            if (!String.valueOf(message).contains(mention)) {
                wrong.add(what + ": refused with " + e.getCode() + " " + message);
            }
        }
    }

    /**
     * Namespace users get the chart's sweep rules through the built-in view/edit roles: the
     * built-in roles select the chart's labels, and a user bound (in one namespace) to the chart's
     * view or view+edit rules can do exactly that there. The test bed's controller-manager does not
     * run the clusterrole-aggregation controller, so the folding itself is not observed here.
     */
    private static List<String> aggregatedRolesReachNamespaceUsers(
            KubernetesClient client, Kubectl kubectl) {
        List<String> wrong = new ArrayList<>();
        for (String[] builtIn :
                new String[][] {
                    {"view", "rbac.authorization.k8s.io/aggregate-to-view", "ssw-sparsesweep-view"},
                    {"edit", "rbac.authorization.k8s.io/aggregate-to-edit", "ssw-sparsesweep-edit"},
                    {
                        "admin",
                        "rbac.authorization.k8s.io/aggregate-to-admin",
                        "ssw-sparsesweep-edit"
                    }
                }) {
            ClusterRole role = client.rbac().clusterRoles().withName(builtIn[0]).get();
            Map<String, String> chartLabels =
                    client.rbac()
                            .clusterRoles()
                            .withName(builtIn[2])
                            .get()
                            .getMetadata()
                            .getLabels();
            boolean selected =
                    role != null
                            && role.getAggregationRule() != null
                            && role.getAggregationRule().getClusterRoleSelectors().stream()
                                    .anyMatch(
                                            sel ->
                                                    sel.getMatchLabels() != null
                                                            && chartLabels
                                                                    .entrySet()
                                                                    .containsAll(
                                                                            sel.getMatchLabels()
                                                                                    .entrySet())
                                                            && sel.getMatchLabels()
                                                                    .containsKey(builtIn[1]));
            if (!selected) {
                wrong.add(
                        "built-in ClusterRole " + builtIn[0] + " does not aggregate " + builtIn[2]);
            }
        }
        bind(client, "alice", "ssw-sparsesweep-view");
        bind(client, "bob", "ssw-sparsesweep-view");
        bind(client, "bob", "ssw-sparsesweep-edit");
        String[][] expectations = {
            {"alice", "list", "sparsesweeps.sparsesweep.io", "ml", "yes"},
            {"alice", "get", "sparsesweeps.sparsesweep.io/status", "ml", "yes"},
            {"alice", "create", "sparsesweeps.sparsesweep.io", "ml", "no"},
            {"alice", "list", "sparsesweeps.sparsesweep.io", "other", "no"},
            {"bob", "create", "sparsesweeps.sparsesweep.io", "ml", "yes"},
            {"bob", "delete", "sparsesweeps.sparsesweep.io", "ml", "yes"},
            {"bob", "list", "sparsesweeps.sparsesweep.io", "ml", "yes"},
            {"bob", "patch", "sparsesweeps.sparsesweep.io/status", "ml", "no"},
            {"bob", "create", "sparsesweeps.sparsesweep.io", "other", "no"},
        };
        for (String[] e : expectations) {
            List<String> args = new ArrayList<>(List.of("auth", "can-i", e[1]));
            int slash = e[2].indexOf('/');
            args.add(slash < 0 ? e[2] : e[2].substring(0, slash));
            if (slash >= 0) {
                args.add("--subresource=" + e[2].substring(slash + 1));
            }
            args.add("--namespace=" + e[3]);
            args.add("--as=" + e[0]);
            String answer = kubectl.run(args.toArray(String[]::new)).stdout().strip();
            if (!answer.equals(e[4])) {
                wrong.add("user " + String.join(",", e) + " -> kubectl says " + answer);
            }
        }
        return wrong;
    }

    private static void bind(KubernetesClient client, String user, String clusterRole) {
        client.rbac()
                .roleBindings()
                .inNamespace("ml")
                .resource(
                        new RoleBindingBuilder()
                                .withNewMetadata()
                                .withName(user + "-" + clusterRole)
                                .endMetadata()
                                .withNewRoleRef(
                                        "rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                                .addNewSubject()
                                .withKind("User")
                                .withApiGroup("rbac.authorization.k8s.io")
                                .withName(user)
                                .endSubject()
                                .build())
                .serverSideApply();
    }

    /**
     * {@code helm test} of a default install: the chart's test pod (run by {@link ChartTestPods}
     * with its own command and ServiceAccount) passes against the operator this test runs with the
     * chart's settings and identity, and fails, naming the check, once that operator is gone.
     */
    @Test
    void helmTestPassesWhileTheOperatorAnswersAndFailsWithoutIt(Testbed testbed) throws Exception {
        Path kubeconfig = testbed.kubeconfig();
        try (KubernetesClient admin = testbed.newClient()) {
            Release release = install(kubeconfig, "default");
            try {
                assertThat(release.getStatus()).isEqualTo("deployed");
                int port;
                try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                String url = "http://127.0.0.1:" + port;
                try (ChartTestPods pods = ChartTestPods.start(testbed, admin, url, Map.of());
                        ChartOperator operator = ChartOperator.start(testbed, admin, port)) {
                    Release tested =
                            Helm.test(Chart.RELEASE)
                                    .withNamespace(Chart.NAMESPACE)
                                    .withKubeConfig(kubeconfig)
                                    .withTimeout(300)
                                    .call();
                    assertThat(tested.getStatus()).isEqualTo("deployed");
                    assertThat(pods.lastOutput())
                            .contains("ok   operator ready")
                            .contains("ok   operator metrics")
                            .contains("ok   SparseSweep served")
                            .contains("PASS all checks");
                    assertThat(testPodPhase(admin)).isEqualTo("Succeeded");
                }
                // No operator behind the address any more: the same hook fails and says why.
                try (ChartTestPods pods =
                        ChartTestPods.start(
                                testbed,
                                admin,
                                url,
                                Map.of("SPARSESWEEP_TEST_TIMEOUT_SECONDS", "2"))) {
                    assertThatThrownBy(
                                    () ->
                                            Helm.test(Chart.RELEASE)
                                                    .withNamespace(Chart.NAMESPACE)
                                                    .withKubeConfig(kubeconfig)
                                                    .withTimeout(300)
                                                    .call())
                            .hasMessageContaining("failed");
                    assertThat(pods.lastOutput()).contains("FAIL operator ready");
                    assertThat(testPodPhase(admin)).isEqualTo("Failed");
                }
            } finally {
                Helm.uninstall(Chart.RELEASE)
                        .withNamespace(Chart.NAMESPACE)
                        .withKubeConfig(kubeconfig)
                        .call();
            }
        }
    }

    private static String testPodPhase(KubernetesClient client) {
        var pod = client.pods().inNamespace(Chart.NAMESPACE).withName("ssw-sparsesweep-test").get();
        return pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static Release install(Path kubeconfig, String values) {
        var install =
                new Helm(Chart.CHART_DIR)
                        .install()
                        .withName(Chart.RELEASE)
                        .withNamespace(Chart.NAMESPACE)
                        .createNamespace()
                        .withKubeConfig(kubeconfig);
        if (!"default".equals(values)) {
            install = install.withValuesFile(Chart.EXAMPLES_DIR.resolve(values));
        }
        return install.call();
    }

    /**
     * kubectl auth can-i for one matrix row (resource/subresource becomes --subresource). For an
     * API group the server does not serve (JobSets without their CRD) kubectl cannot map the
     * resource, so the same question goes to a SubjectAccessReview with explicit group and
     * resource, with the groups that impersonating a ServiceAccount adds.
     */
    static boolean canI(Kubectl kubectl, KubernetesClient client, String[] row) {
        String[] as = row[1].split(":");
        String resource = row[4];
        List<String> args = new ArrayList<>(List.of("auth", "can-i", row[3]));
        int slash = resource.indexOf('/');
        args.add(slash < 0 ? resource : resource.substring(0, slash));
        if (slash >= 0) {
            args.add("--subresource=" + resource.substring(slash + 1));
        }
        boolean allNamespaces = RbacModel.ALL_NAMESPACES.equals(row[2]);
        args.add(allNamespaces ? "--all-namespaces" : "--namespace=" + row[2]);
        args.add("--as=system:serviceaccount:" + as[0] + ":" + as[1]);
        Kubectl.Result result = kubectl.run(args.toArray(String[]::new));
        if (result.stderr().contains("doesn't have a resource type")) {
            RbacModel.ResourceRef ref = RbacModel.ResourceRef.parse(resource);
            SubjectAccessReview review =
                    new SubjectAccessReviewBuilder()
                            .withNewSpec()
                            .withUser("system:serviceaccount:" + as[0] + ":" + as[1])
                            .withGroups(
                                    "system:serviceaccounts",
                                    "system:serviceaccounts:" + as[0],
                                    "system:authenticated")
                            .withNewResourceAttributes()
                            .withNamespace(allNamespaces ? "" : row[2])
                            .withVerb(row[3])
                            .withGroup(ref.group)
                            .withResource(ref.resource)
                            .withSubresource(ref.subresource)
                            .endResourceAttributes()
                            .endSpec()
                            .build();
            return client.authorization()
                    .v1()
                    .subjectAccessReview()
                    .create(review)
                    .getStatus()
                    .getAllowed();
        }
        String answer = result.stdout().strip();
        if (!answer.equals("yes") && !answer.equals("no")) {
            throw new IllegalStateException("kubectl " + args + " answered: " + result);
        }
        return answer.equals("yes");
    }
}
