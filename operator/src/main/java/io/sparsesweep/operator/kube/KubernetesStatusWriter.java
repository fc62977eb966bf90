package io.sparsesweep.operator.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepStatus;

/**
 * Writes status with a JSON Patch to the status subresource (no server-side apply, which the mock
 * server lacks). The patch touches only the top-level fields that changed; unchanged status is not
 * written at all.
 */
public final class KubernetesStatusWriter implements StatusWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    public KubernetesStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** The JSON tree of a status (empty for none). */
    static ObjectNode tree(SparseSweepStatus status) {
        return status == null ? JSON.createObjectNode() : JSON.valueToTree(status);
    }

    @Override
    public void write(SparseSweep sweep, SparseSweepStatus current, SparseSweepStatus next) {
        ObjectNode after = tree(next);
        ObjectNode before = tree(current);
        if (after.equals(before)) {
            return;
        }
        client.resources(SparseSweep.class)
                .inNamespace(sweep.getMetadata().getNamespace())
                .withName(sweep.getMetadata().getName())
                .subresource("status")
                .patch(
                        PatchContext.of(PatchType.JSON),
                        patch(current == null, before, after).toString());
    }

    /**
     * A JSON Patch (RFC 6902) that sets each top-level status field the operator owns. JSON Patch
     * rather than merge patch: lists are replaced exactly, on a real API server and on the mock
     * server alike (whose merge patch appends to lists).
     */
    static ArrayNode patch(boolean noStatus, ObjectNode before, ObjectNode after) {
        ArrayNode ops = JSON.createArrayNode();
        if (noStatus) {
            ops.addObject().put("op", "add").put("path", "/status").set("value", after);
            return ops;
        }
        after.fields()
                .forEachRemaining(
                        e -> {
                            if (!e.getValue().equals(before.get(e.getKey()))) {
                                ops.addObject()
                                        .put("op", "add")
                                        .put("path", "/status/" + e.getKey())
                                        .set("value", e.getValue());
                            }
                        });
        before.fieldNames()
                .forEachRemaining(
                        name -> {
                            if (!after.has(name)) {
                                ops.addObject().put("op", "remove").put("path", "/status/" + name);
                            }
                        });
        return ops;
    }
}
