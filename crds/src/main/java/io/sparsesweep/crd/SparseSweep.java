package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
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
@Categories("ml")
@JsonClassDescription(
        "A weight-sparsity scaling-law sweep: a grid of training trials (model sizes x"
                + " sparsities or n:m patterns x training lengths x seeds), each run as a Job, whose"
                + " final validation losses are fitted to the sparse scaling law L(S, N, D) of"
                + " Frantar et al. (ICLR 2024). Users write the spec; the operator writes the status.")
@ValidationRule(
        value = "size(self.metadata.name) <= " + SweepNames.MAX_SWEEP_NAME_LENGTH,
        message =
                "metadata.name must be at most "
                        + SweepNames.MAX_SWEEP_NAME_LENGTH
                        + " characters so that every child name fits 63")
// Printer columns in the order kubectl shows them: the generator sorts them by JSON path, the
// build's CrdPostProcessor (crds tests) puts them back in this order.
@AdditionalPrinterColumn(
        name = "Phase",
        getDescription =
                "Summary phase: Pending, Running, Suspended, Fitting, Complete, Failed or Invalid.",
        jsonPath = ".status.phase",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Done/Total",
        getDescription = "Terminal trials over all trials.",
        jsonPath = ".status.progress",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Failed",
        getDescription = "Trials failed for good.",
        jsonPath = ".status.trialCounts.failed",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Best loss",
        getDescription = "Lowest final validation loss among succeeded trials.",
        jsonPath = ".status.bestValLoss",
        type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
        name = "Age",
        getDescription = "Time since the sweep was created.",
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
