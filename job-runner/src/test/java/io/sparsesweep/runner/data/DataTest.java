package io.sparsesweep.runner.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparsesweep.runner.config.RunnerConfigException;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTest {
    @Test
    void brownTagsAreStripped() {
        assertThat(TextData.stripTags("\n\tThe/at jury/nn said/vbd ./.\n\n\tIt/pps ran/vbd\n"))
                .isEqualTo("The jury said .\nIt ran\n");
    }

    @Test
    void trainingBatchesDependOnlyOnSeedAndStepAndValidationIsTheHeldOutTail() {
        byte[] text = SyntheticData.text(10_000);
        TextData a = new TextData(text, "t", 16, 4, 0.1, 8, 3);
        TextData b = new TextData(text, "t", 16, 4, 0.1, 8, 3);
        assertThat(a.trainBatch(17).tokens()).isEqualTo(b.trainBatch(17).tokens());
        assertThat(a.trainBatch(17).tokens()).isNotEqualTo(a.trainBatch(18).tokens());
        assertThat(a.validationExamples()).isEqualTo(8);
        int tailStart = 9000;
        assertThat(a.validation().get(0).tokens()[0]).isEqualTo(text[tailStart] & 0xff);
        // Labels are the next byte.
        Batch v = a.validation().get(0);
        assertThat(v.labels()[0]).isEqualTo(v.tokens()[1]);
    }

    private static void writeIdx(Path p, boolean gzip, int[] dims, byte[] data) throws Exception {
        try (OutputStream raw = Files.newOutputStream(p);
                OutputStream o = gzip ? new GZIPOutputStream(raw) : raw;
                DataOutputStream d = new DataOutputStream(o)) {
            d.writeInt(0x0800 | dims.length);
            for (int x : dims) {
                d.writeInt(x);
            }
            d.write(data);
        }
    }

    @Test
    void idxFolderGzippedOrNotWithTestSplitAsValidation(@TempDir Path dir) throws Exception {
        byte[] pixels = new byte[10 * 4 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        byte[] labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), true, new int[] {10, 4, 4}, pixels);
        writeIdx(dir.resolve("train-labels-idx1-ubyte.gz"), true, new int[] {10}, labels);
        writeIdx(dir.resolve("t10k-images-idx3-ubyte"), false, new int[] {2, 4, 4}, new byte[32]);
        writeIdx(dir.resolve("t10k-labels-idx1-ubyte"), false, new int[] {2}, new byte[] {9, 1});
        ImageData d = ImageData.loadIdx(dir, 4, 0.1, 100, 0);
        assertThat(d.trainExamples()).isEqualTo(10);
        assertThat(d.validationExamples()).isEqualTo(2);
        assertThat(d.classes()).isEqualTo(10);
        assertThat(d.validation().get(0).labels()).containsExactly(9, 1);
        assertThat(d.trainBatch(0).pixels()).hasSize(4 * 16);
    }

    @Test
    void badIdxIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("train-images-idx3-ubyte");
        Files.writeString(f, "not idx", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> IdxFiles.read(f))
                .isInstanceOf(RunnerConfigException.class)
                .hasMessageContaining("--dataset");
    }
}
