package io.sparsesweep.operator.jobs;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepNames;

/**
 * Builds the sweep's results ConfigMap: the CSV of every succeeded trial under {@link
 * SweepNames#RESULTS_KEY}, owned by the sweep. A copy for people and tools ({@code kubectl get cm
 * ... -o jsonpath}); the operator's own record is {@code status.trials}. Pure.
 */
public final class ResultsConfigMapFactory {
    private ResultsConfigMapFactory() {}

    /** The results ConfigMap holding {@code csv}. */
    public static ConfigMap configMapFor(SparseSweep sweep, String csv) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(SweepNames.resultsConfigMapName(sweep.getMetadata().getName()))
                .withNamespace(sweep.getMetadata().getNamespace())
                .addToLabels(SweepNames.LABEL_SWEEP, sweep.getMetadata().getName())
                .addToOwnerReferences(ChildMeta.ownerOf(sweep))
                .endMetadata()
                .addToData(SweepNames.RESULTS_KEY, csv)
                .build();
    }
}
