package io.sparsesweep.crd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The reserved keys are written twice, as Java lists (the validator, the builders) and as CEL (the
 * CRD): both must name the same keys.
 */
class PodTemplateOptionsTest {
    @Test
    void theCelRulesNameEveryReservedKey() {
        for (String prefix : PodTemplateOptions.RESERVED_PREFIXES) {
            assertThat(PodTemplateOptions.RESERVED_PREFIX_CEL)
                    .contains("k.startsWith('" + prefix + "')");
        }
        assertThat(PodTemplateOptions.RESERVED_PREFIX_CEL.split("startsWith"))
                .hasSize(PodTemplateOptions.RESERVED_PREFIXES.size() + 1);
        for (String key : PodTemplateOptions.RESERVED_LABELS) {
            assertThat(PodTemplateOptions.RESERVED_LABEL_CEL).contains("'" + key + "'");
        }
        for (String key : PodTemplateOptions.RESERVED_ANNOTATIONS) {
            assertThat(PodTemplateOptions.RESERVED_ANNOTATION_CEL).contains("'" + key + "'");
        }
    }

    @Test
    void reservedKeysAreTheOperatorsAndNothingElse() {
        assertThat(PodTemplateOptions.reservedLabel(SweepNames.LABEL_SWEEP)).isTrue();
        assertThat(PodTemplateOptions.reservedLabel("sparsesweep.io/anything")).isTrue();
        assertThat(PodTemplateOptions.reservedLabel(SweepNames.KUEUE_QUEUE_LABEL)).isTrue();
        assertThat(PodTemplateOptions.reservedLabel("batch.kubernetes.io/job-name")).isTrue();
        assertThat(PodTemplateOptions.reservedLabel("team")).isFalse();
        assertThat(PodTemplateOptions.reservedLabel("kueue.x-k8s.io/podset")).isFalse();
        assertThat(
                        PodTemplateOptions.reservedAnnotation(
                                "alpha.jobset.sigs.k8s.io/exclusive-topology"))
                .isTrue();
        assertThat(PodTemplateOptions.reservedAnnotation("kueue.x-k8s.io/podset-required-topology"))
                .isFalse();
        // the queue label is only a label: an annotation of that name is the user's
        assertThat(PodTemplateOptions.reservedAnnotation(SweepNames.KUEUE_QUEUE_LABEL)).isFalse();
    }
}
