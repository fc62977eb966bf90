package io.sparsesweep.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RbacTest {
    static final String OPERATOR_SA = "ssw-sparsesweep-operator";
    static final String TRIAL_SA = "ssw-sparsesweep-trial";
    static final String FITTING_SA = "ssw-sparsesweep-fitting";

    /** The operator's whole grant per watched namespace: "group/resource" -> verbs. */
    static final Map<String, Set<String>> OPERATOR_GRANT =
            Map.of(
                    "sparsesweep.io/sparsesweeps", Set.of("get", "list", "watch"),
                    "sparsesweep.io/sparsesweeps/status", Set.of("patch"),
                    "sparsesweep.io/sparsesweeps/finalizers", Set.of("update"),
                    // patch: spec.suspend of a suspended sweep's Jobs; get: fabric8 reads the Job
                    // before that patch
                    "batch/jobs", Set.of("get", "list", "watch", "create", "patch", "delete"),
                    "/pods", Set.of("get", "list"),
                    "/pods/log", Set.of("get"),
                    "/configmaps", Set.of("create", "patch"),
                    "/events", Set.of("create", "patch"),
                    "events.k8s.io/events", Set.of("create", "patch"));

    private static final Map<String, Rendered> RENDERS = new ConcurrentHashMap<>();

    private static Rendered rendered(String example) {
        return RENDERS.computeIfAbsent(example, Chart::renderExample);
    }

    @Test
    void operatorWatchingAllNamespacesGetsExactlyItsGrantClusterWide() {
        Rendered r = rendered("default");

        ClusterRole role = one(r.clusterRoles(), "ssw-sparsesweep-operator");
        assertThat(grant(role.getRules())).isEqualTo(OPERATOR_GRANT);
        assertThat(r.clusterRoleBindings())
                .singleElement()
                .satisfies(
                        b -> {
                            assertThat(b.getRoleRef().getName())
                                    .isEqualTo("ssw-sparsesweep-operator");
                            assertThat(b.getSubjects())
                                    .singleElement()
                                    .satisfies(
                                            s -> {
                                                assertThat(s.getName()).isEqualTo(OPERATOR_SA);
                                                assertThat(s.getNamespace())
                                                        .isEqualTo(Chart.NAMESPACE);
                                            });
                        });
    }

    @Test
    void operatorWatchingListedNamespacesGetsRolesThereAndNoClusterRole() {
        Rendered r = rendered("namespaced.yaml");

        assertThat(r.clusterRoles())
                .extracting(c -> c.getMetadata().getName())
                .doesNotContain("ssw-sparsesweep-operator");
        assertThat(r.clusterRoleBindings()).isEmpty();
        List<Role> operatorRoles =
                r.roles().stream()
                        .filter(x -> x.getMetadata().getName().equals("ssw-sparsesweep-operator"))
                        .collect(Collectors.toList());
        assertThat(operatorRoles)
                .extracting(x -> x.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "team-b");
        for (Role role : operatorRoles) {
            assertThat(grant(role.getRules())).isEqualTo(OPERATOR_GRANT);
        }
        List<RoleBinding> bindings =
                r.roleBindings().stream()
                        .filter(b -> b.getRoleRef().getName().equals("ssw-sparsesweep-operator"))
                        .collect(Collectors.toList());
        assertThat(bindings)
                .extracting(b -> b.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(bindings)
                .allSatisfy(
                        b -> {
                            assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
                            assertThat(b.getSubjects())
                                    .singleElement()
                                    .satisfies(
                                            s ->
                                                    assertThat(s.getNamespace())
                                                            .isEqualTo(Chart.NAMESPACE));
                        });
    }

    @Test
    void leasesAreGrantedOnlyInTheReleaseNamespace() {
        for (String example : List.of("default", "namespaced.yaml", "high-availability.yaml")) {
            Rendered r = rendered(example);
            List<Role> leaseRoles =
                    r.roles().stream()
                            .filter(
                                    x ->
                                            x.getRules().stream()
                                                    .anyMatch(
                                                            rule ->
                                                                    rule.getResources()
                                                                            .contains("leases")))
                            .collect(Collectors.toList());
            assertThat(leaseRoles).as(example).singleElement();
            Role leases = leaseRoles.get(0);
            assertThat(leases.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
            assertThat(grant(leases.getRules()))
                    .isEqualTo(
                            Map.of(
                                    "coordination.k8s.io/leases",
                                    Set.of("get", "create", "update", "patch")));
        }
    }

    @ParameterizedTest
    @MethodSource("io.sparsesweep.helm.Chart#exampleNames")
    void trialAndFittingServiceAccountsHaveNoTokenAndNoBinding(String example) {
        Rendered r = rendered(example);
        List<ServiceAccount> workloadAccounts =
                r.serviceAccounts().stream()
                        .filter(
                                sa ->
                                        Set.of("trial", "fitting")
                                                .contains(
                                                        sa.getMetadata()
                                                                .getLabels()
                                                                .get(
                                                                        "app.kubernetes.io/component")))
                        .collect(Collectors.toList());

        assertThat(workloadAccounts)
                .extracting(sa -> sa.getMetadata().getLabels().get("app.kubernetes.io/component"))
                .contains("trial", "fitting");
        for (ServiceAccount sa : workloadAccounts) {
            assertThat(sa.getAutomountServiceAccountToken()).isFalse();
            String name = sa.getMetadata().getName();
            String ns = sa.getMetadata().getNamespace();
            assertThat(new RbacModel(r).rulesFor(ns, name, ns)).isEmpty();
            assertThat(new RbacModel(r).rulesFor(ns, name, RbacModel.ALL_NAMESPACES)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("io.sparsesweep.helm.Chart#exampleNames")
    void nothingClusterAdminLike(String example) {
        List<PolicyRule> rules = new ArrayList<>();
        Rendered r = rendered(example);
        r.clusterRoles().forEach(c -> rules.addAll(c.getRules()));
        r.roles().forEach(c -> rules.addAll(c.getRules()));

        assertThat(rules).isNotEmpty();
        for (PolicyRule rule : rules) {
            assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
            assertThat(rule.getResources())
                    .doesNotContain(
                            "*",
                            "secrets",
                            "pods/exec",
                            "pods/attach",
                            "pods/portforward",
                            "serviceaccounts",
                            "serviceaccounts/token",
                            "nodes",
                            "roles",
                            "rolebindings",
                            "clusterroles",
                            "clusterrolebindings",
                            "customresourcedefinitions");
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        }
        assertThat(r.clusterRoleBindings())
                .allSatisfy(
                        b -> assertThat(b.getRoleRef().getName()).startsWith("ssw-sparsesweep-"));
        assertThat(r.roleBindings())
                .allSatisfy(
                        b -> assertThat(b.getRoleRef().getName()).startsWith("ssw-sparsesweep-"));
    }

    @Test
    void sweepRolesAggregateIntoViewAndEdit() {
        Rendered r = rendered("default");

        ClusterRole view = one(r.clusterRoles(), "ssw-sparsesweep-view");
        assertThat(view.getMetadata().getLabels())
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
        assertThat(grant(view.getRules()))
                .isEqualTo(
                        Map.of(
                                "sparsesweep.io/sparsesweeps", Set.of("get", "list", "watch"),
                                "sparsesweep.io/sparsesweeps/status",
                                        Set.of("get", "list", "watch")));
        ClusterRole edit = one(r.clusterRoles(), "ssw-sparsesweep-edit");
        assertThat(edit.getMetadata().getLabels())
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
        assertThat(grant(edit.getRules()))
                .as("edit adds writes to view's reads; status stays the operator's")
                .isEqualTo(
                        Map.of(
                                "sparsesweep.io/sparsesweeps",
                                Set.of("create", "update", "patch", "delete", "deletecollection")));

        Rendered off = Chart.render(Map.of("rbac", Map.of("aggregateToDefaultRoles", false)));
        assertThat(off.clusterRoles())
                .extracting(c -> c.getMetadata().getName())
                .doesNotContain("ssw-sparsesweep-view", "ssw-sparsesweep-edit");
    }

    @Test
    void jobSetsOnlyWhenEnabled() {
        assertThat(operatorGrant("default")).doesNotContainKey("jobset.x-k8s.io/jobsets");
        assertThat(operatorGrant("accelerators.yaml"))
                .containsEntry(
                        "jobset.x-k8s.io/jobsets",
                        Set.of("get", "list", "watch", "create", "patch", "delete"));
    }

    @Test
    void kueueWorkloadsOnlyWhenEnabledAndNeverCreatedOrDeleted() {
        assertThat(operatorGrant("default")).doesNotContainKey("kueue.x-k8s.io/workloads");
        assertThat(operatorGrant("accelerators.yaml"))
                .containsEntry("kueue.x-k8s.io/workloads", Set.of("get", "list", "watch", "patch"));
    }

    @Test
    void rbacCreateFalseRendersNoRbacButKeepsServiceAccounts() {
        Rendered r = Chart.render(Map.of("rbac", Map.of("create", false)));

        assertThat(r.clusterRoles()).isEmpty();
        assertThat(r.roles()).isEmpty();
        assertThat(r.clusterRoleBindings()).isEmpty();
        assertThat(r.roleBindings()).isEmpty();
        assertThat(r.serviceAccounts())
                .extracting(sa -> sa.getMetadata().getName())
                .contains(OPERATOR_SA, TRIAL_SA, FITTING_SA);
    }

    /** Every row of the can-i matrix (test resource, reused by the e2e module with kubectl). */
    @Test
    void canIMatrixHolds() throws IOException {
        List<String[]> rows = canIMatrix();
        assertThat(rows).hasSizeGreaterThan(50);

        List<String> wrong = new ArrayList<>();
        for (String[] row : rows) {
            String[] as = row[1].split(":");
            boolean expected = "yes".equals(row[5]);
            boolean actual =
                    new RbacModel(rendered(row[0])).allowed(as[0], as[1], row[2], row[3], row[4]);
            if (actual != expected) {
                wrong.add(String.join(",", row) + " -> got " + (actual ? "yes" : "no"));
            }
        }
        assertThat(wrong).as("can-i rows that do not hold").isEmpty();
    }

    static List<String[]> canIMatrix() throws IOException {
        try (InputStream in = RbacTest.class.getResourceAsStream("/rbac/can-i-matrix.csv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Stream.of(text.split("\n"))
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("values,"))
                    .map(l -> l.split(","))
                    .peek(
                            f -> {
                                if (f.length != 6 || !Set.of("yes", "no").contains(f[5])) {
                                    throw new IllegalArgumentException(
                                            "bad can-i row: " + String.join(",", f));
                                }
                            })
                    .collect(Collectors.toList());
        }
    }

    /** The operator ClusterRole's grant (resource → verbs) rendered with one values set. */
    private static Map<String, Set<String>> operatorGrant(String values) {
        return grant(one(rendered(values).clusterRoles(), "ssw-sparsesweep-operator").getRules());
    }

    /** Rules folded into "group/resource" -> verbs (fails on overlapping rules for clarity). */
    static Map<String, Set<String>> grant(List<PolicyRule> rules) {
        Map<String, Set<String>> grant = new TreeMap<>();
        for (PolicyRule rule : rules) {
            assertThat(rule.getResourceNames()).isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    grant.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>())
                            .addAll(rule.getVerbs());
                }
            }
        }
        return grant;
    }

    private static ClusterRole one(List<ClusterRole> roles, String name) {
        return roles.stream()
                .filter(c -> name.equals(c.getMetadata().getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ClusterRole " + name));
    }
}
