package io.sparsesweep.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A weight-sparsity scaling-law sweep: a grid of training trials whose results are fitted to L(S,
 * N, D). Users write the spec; only the operator (and the sweep's fitting Job, for {@code
 * status.fit}) write the status.
 */
@Group(SparseSweep.GROUP)
@Version(SparseSweep.VERSION)
@Kind("SparseSweep")
@Plural("sparsesweeps")
@ShortNames("ssw")
@ValidationRule(
        value = "size(self.metadata.name) <= " + SweepNames.MAX_SWEEP_NAME_LENGTH,
        message =
                "metadata.name must be at most "
                        + SweepNames.MAX_SWEEP_NAME_LENGTH
                        + " characters so that every child name fits 63")
@AdditionalPrinterColumn(
        name = "Phase",
        jsonPath = ".status.phase",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Done/Total",
        jsonPath = ".status.progress",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Failed",
        jsonPath = ".status.trialCounts.failed",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Best loss",
        jsonPath = ".status.bestValLoss",
        type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class SparseSweep extends CustomResource<SparseSweepSpec, SparseSweepStatus>
        implements Namespaced {
    private static final long serialVersionUID = 1L;

    /** API group of the resource. */
    public static final String GROUP = "sparsesweep.io";

    /** API version of the resource. */
    public static final String VERSION = "v1alpha1";

    /** Name of the CRD object ({@code plural.group}). */
    public static final String CRD_NAME = "sparsesweeps." + GROUP;
}
