package io.sparsesweep.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An untyped Kubernetes manifest with path edits ({@code spec.model.sizes[0].depth}), so tests can
 * derive many invalid variants from one valid object without depending on the Java model classes.
 */
public final class Manifest {
    private final Map<String, Object> root;

    private Manifest(Map<String, Object> root) {
        this.root = root;
    }

    @SuppressWarnings("unchecked")
    public static Manifest parse(String yaml) {
        return new Manifest(
                (Map<String, Object>) deepCopy(Serialization.unmarshal(yaml, Map.class)));
    }

    /** A copy with {@code path} set to {@code value} (intermediate maps are created). */
    public Manifest with(String path, Object value) {
        Manifest copy = new Manifest(asMap(deepCopy(root)));
        copy.edit(path, value, false);
        return copy;
    }

    /** A copy without {@code path}. */
    public Manifest without(String path) {
        Manifest copy = new Manifest(asMap(deepCopy(root)));
        copy.edit(path, null, true);
        return copy;
    }

    public Object get(String path) {
        Object node = root;
        for (String part : split(path)) {
            node = step(node, part, false);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    public Map<String, Object> asMap() {
        return asMap(deepCopy(root));
    }

    public GenericKubernetesResource toResource() {
        return Serialization.unmarshal(toJson(), GenericKubernetesResource.class);
    }

    public String toJson() {
        return Serialization.asJson(root);
    }

    private void edit(String path, Object value, boolean remove) {
        List<String> parts = split(path);
        Object node = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            node = step(node, parts.get(i), true);
        }
        String last = parts.get(parts.size() - 1);
        if (node instanceof Map<?, ?> m) {
            if (remove) {
                m.remove(last);
            } else {
                asMap(m).put(last, deepCopy(value));
            }
        } else if (node instanceof List<?> l) {
            int index = Integer.parseInt(last);
            if (remove) {
                l.remove(index);
            } else {
                asList(l).set(index, deepCopy(value));
            }
        } else {
            throw new IllegalArgumentException("cannot edit " + path + ": parent is " + node);
        }
    }

    private static Object step(Object node, String part, boolean create) {
        if (node instanceof Map<?, ?> m) {
            Object next = m.get(part);
            if (next == null && create) {
                next = new LinkedHashMap<String, Object>();
                asMap(m).put(part, next);
            }
            return next;
        }
        if (node instanceof List<?> l) {
            return l.get(Integer.parseInt(part));
        }
        return null;
    }

    // "a.b[0].c" -> [a, b, 0, c]
    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String dotted : path.split("\\.")) {
            int bracket = dotted.indexOf('[');
            if (bracket < 0) {
                parts.add(dotted);
                continue;
            }
            parts.add(dotted.substring(0, bracket));
            for (String idx : dotted.substring(bracket + 1).split("\\]\\[?")) {
                if (!idx.isEmpty()) {
                    parts.add(idx);
                }
            }
        }
        return parts;
    }

    private static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return copy;
        }
        if (o instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        return (List<Object>) o;
    }
}
