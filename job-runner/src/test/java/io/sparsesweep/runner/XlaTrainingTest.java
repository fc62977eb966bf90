package io.sparsesweep.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparsesweep.protocol.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tensorflow engine with {@code --xla on}: the same training, masks and checkpoints. */
class XlaTrainingTest {
    private static TrainConfigBuilder run(String optimizer) {
        return TinyRuns.lm().optimizer(optimizer).lr("adamw".equals(optimizer) ? 3e-3 : 2e-2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"adamw", "adafactor"})
    void masksStayExactZerosAndTheLossesAreTheRunsWithoutXlaUpToRounding(String optimizer) {
        TrainConfig c = run(optimizer).xla("on").build();
        AtomicReference<CheckingBackend> checker = new AtomicReference<>();
        Trainer trainer = TinyRuns.checkedTrainer(checker);
        TinyRuns.Losses xla = new TinyRuns.Losses();
        TrialResult withXla = trainer.train(c, xla);
        TinyRuns.Losses plain = new TinyRuns.Losses();
        TrialResult without = new Trainer().train(run(optimizer).xla("off").build(), plain);

        assertThat(plain.events).anyMatch(e -> e.contains("XLA off"));
        assertThat(checker.get().steps).isEqualTo(60);
        assertThat(checker.get().maskedZerosSeen).isPositive();
        assertThat(checker.get().violations).isZero();
        assertThat(withXla.nonzeroParams()).isEqualTo(without.nonzeroParams());
        // XLA fuses and reorders float arithmetic, so the runs part in the last bits (which also
        // shows the compiled code ran), but not more than float32 rounding grown over 60 steps.
        assertThat(xla.perStep).isNotEqualTo(plain.perStep);
        for (int i = 0; i < plain.perStep.size(); i++) {
            double p = plain.perStep.get(i);
            assertThat(xla.perStep.get(i)).as("step %d", i).isCloseTo(p, within(1e-4 * p));
        }
        assertThat(withXla.valLoss()).isCloseTo(without.valLoss(), within(1e-4));
    }

    @Test
    void aResumedXlaRunEqualsTheUninterruptedOneAndItsCheckpointIsTheSameAsWithout(
            @TempDir Path dir) throws Exception {
        TinyRuns.Losses whole = new TinyRuns.Losses();
        TrialResult uninterrupted = new Trainer().train(run("adafactor").xla("on").build(), whole);

        TrainConfig c = run("adafactor").xla("on").checkpointDir(dir.resolve("xla")).build();
        TinyRuns.Losses first = new TinyRuns.Losses();
        int[] polls = {0};
        org.junit.jupiter.api.Assertions.assertThrows(
                TrainingInterruptedException.class,
                () -> new Trainer(() -> ++polls[0] == 25).train(c, first));
        TinyRuns.Losses second = new TinyRuns.Losses();
        TrialResult resumed = new Trainer().train(c, second);
        assertThat(second.events).anyMatch(e -> e.contains("XLA on (CPU JIT auto-clustering)"));
        List<Double> joined = new ArrayList<>(first.perStep);
        joined.addAll(second.perStep);
        assertThat(joined).isEqualTo(whole.perStep);
        assertThat(resumed.valLoss()).isEqualTo(uninterrupted.valLoss());

        // The same stop without XLA writes a checkpoint of the same files, sizes and metadata
        // layout (only the float values differ in rounding) ...
        TrainConfig plain = run("adafactor").xla("off").checkpointDir(dir.resolve("plain")).build();
        int[] polls2 = {0};
        org.junit.jupiter.api.Assertions.assertThrows(
                TrainingInterruptedException.class,
                () -> new Trainer(() -> ++polls2[0] == 25).train(plain, TrainListener.NO_OP));
        assertThat(layout(dir.resolve("plain/ckpt-25")))
                .isEqualTo(layout(dir.resolve("xla/ckpt-25")));
        // ... and the XLA run's checkpoint resumes without XLA (--xla is not part of the run's
        // fingerprint, like --threads).
        Path copy = dir.resolve("xla-resumed-plain");
        copyTree(dir.resolve("xla/ckpt-25"), copy.resolve("ckpt-25"));
        TinyRuns.Losses cross = new TinyRuns.Losses();
        TrialResult crossed =
                new Trainer().train(c.toBuilder().xla("off").checkpointDir(copy).build(), cross);
        assertThat(crossed.resumedFromStep()).isEqualTo(25);
        assertThat(crossed.valLoss()).isCloseTo(uninterrupted.valLoss(), within(1e-4));
    }

    @Test
    void autoIsOffWhereXlaWasMeasuredSlowerAndOnAndOffAreAsGiven() {
        assertThat(XlaChoice.enabled(TinyRuns.lm().xla("on").build())).isTrue();
        assertThat(XlaChoice.enabled(TinyRuns.lm().xla("off").build())).isFalse();
        assertThat(TrainConfig.builder().build().io().xla()).isEqualTo("auto");
        // The three benchmark configurations (BENCHMARKS.md): XLA lost on each.
        assertThat(XlaChoice.enabled(TinyRuns.lm().width(128).depth(2).heads(4).build())).isFalse();
        assertThat(XlaChoice.enabled(TinyRuns.lm().width(256).depth(4).heads(8).build())).isFalse();
        assertThat(XlaChoice.enabled(TinyRuns.vit().width(256).depth(4).heads(8).build()))
                .isFalse();
    }

    /** File name → size of every file of a checkpoint. */
    private static Map<String, Long> layout(Path ckpt) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ckpt)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = ckpt.relativize(f).toString();
                out.put(name, name.equals("meta.json") ? -1L : Files.size(f));
            }
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }
}
