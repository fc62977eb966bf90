package io.sparsesweep.operator.jobs;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.sparsesweep.crd.SparseSweep;

/** Metadata every child of a sweep shares. */
public final class ChildMeta {
    private ChildMeta() {}

    /**
     * The controller owner reference that lets garbage collection delete children with the sweep.
     */
    public static OwnerReference ownerOf(SparseSweep sweep) {
        return new OwnerReferenceBuilder()
                .withApiVersion(sweep.getApiVersion())
                .withKind(sweep.getKind())
                .withName(sweep.getMetadata().getName())
                .withUid(sweep.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
