package io.sparsesweep.helm;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The RBAC authorizer's answer to {@code kubectl auth can-i}, computed from the rendered Roles,
 * ClusterRoles and bindings alone (a fresh cluster grants ServiceAccounts nothing else on these
 * resources). Used to check the can-i matrix here; the e2e module runs the same matrix with
 * kubectl.
 */
final class RbacModel {
    /** The namespace value meaning "cluster-wide" (kubectl --all-namespaces). */
    static final String ALL_NAMESPACES = "*";

    private final Rendered rendered;

    RbacModel(Rendered rendered) {
        this.rendered = rendered;
    }

    /** Rules that apply to a ServiceAccount in a namespace ("*": only cluster-wide grants). */
    List<PolicyRule> rulesFor(String saNamespace, String saName, String namespace) {
        List<PolicyRule> rules = new ArrayList<>();
        rendered.clusterRoleBindings().stream()
                .filter(b -> boundTo(b.getSubjects(), saNamespace, saName))
                .forEach(b -> rules.addAll(rulesOf(b.getRoleRef(), null)));
        if (!ALL_NAMESPACES.equals(namespace)) {
            rendered.roleBindings().stream()
                    .filter(b -> namespace.equals(b.getMetadata().getNamespace()))
                    .filter(b -> boundTo(b.getSubjects(), saNamespace, saName))
                    .forEach(b -> rules.addAll(rulesOf(b.getRoleRef(), namespace)));
        }
        return rules;
    }

    /** Whether the ServiceAccount may do verb on resource ("res[.group][/subresource]"). */
    boolean allowed(
            String saNamespace, String saName, String namespace, String verb, String resource) {
        ResourceRef ref = ResourceRef.parse(resource);
        return rulesFor(saNamespace, saName, namespace).stream()
                .anyMatch(r -> matches(r, verb, ref));
    }

    static boolean matches(PolicyRule rule, String verb, ResourceRef ref) {
        if (rule.getResourceNames() != null && !rule.getResourceNames().isEmpty()) {
            return false; // a check without a name is not covered by a name-restricted rule
        }
        return containsOrStar(rule.getApiGroups(), ref.group)
                && containsOrStar(rule.getVerbs(), verb)
                && (contains(rule.getResources(), ref.qualifiedResource())
                        || contains(rule.getResources(), "*")
                        || (ref.subresource != null
                                && contains(rule.getResources(), "*/" + ref.subresource)));
    }

    private List<PolicyRule> rulesOf(RoleRef ref, String namespace) {
        if ("ClusterRole".equals(ref.getKind())) {
            return rendered.clusterRoles().stream()
                    .filter(r -> ref.getName().equals(r.getMetadata().getName()))
                    .findFirst()
                    .map(ClusterRole::getRules)
                    .orElse(List.of());
        }
        Optional<Role> role =
                rendered.roles().stream()
                        .filter(r -> ref.getName().equals(r.getMetadata().getName()))
                        .filter(
                                r ->
                                        namespace != null
                                                && namespace.equals(r.getMetadata().getNamespace()))
                        .findFirst();
        return role.map(Role::getRules).orElse(List.of());
    }

    private static boolean boundTo(List<Subject> subjects, String saNamespace, String saName) {
        return subjects != null
                && subjects.stream()
                        .anyMatch(
                                s ->
                                        "ServiceAccount".equals(s.getKind())
                                                && saName.equals(s.getName())
                                                && saNamespace.equals(s.getNamespace()));
    }

    private static boolean containsOrStar(List<String> list, String value) {
        return contains(list, value) || contains(list, "*");
    }

    private static boolean contains(List<String> list, String value) {
        return list != null && list.contains(value);
    }

    /**
     * kubectl's resource form: {@code jobs.batch}, {@code sparsesweeps.sparsesweep.io/status},
     * {@code pods}.
     */
    static final class ResourceRef {
        final String resource;
        final String group;
        final String subresource;

        private ResourceRef(String resource, String group, String subresource) {
            this.resource = resource;
            this.group = group;
            this.subresource = subresource;
        }

        static ResourceRef parse(String spec) {
            String sub = null;
            String main = spec;
            int slash = spec.indexOf('/');
            if (slash >= 0) {
                sub = spec.substring(slash + 1);
                main = spec.substring(0, slash);
            }
            int dot = main.indexOf('.');
            return dot < 0
                    ? new ResourceRef(main, "", sub)
                    : new ResourceRef(main.substring(0, dot), main.substring(dot + 1), sub);
        }

        String qualifiedResource() {
            return subresource == null ? resource : resource + "/" + subresource;
        }
    }
}
