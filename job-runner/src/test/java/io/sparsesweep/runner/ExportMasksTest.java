package io.sparsesweep.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsesweep.protocol.TrialResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportMasksTest {
    /** A minimal, independent .npy reader: returns {shape..., payload offset}. */
    private record Npy(String descr, int[] shape, ByteBuffer data) {
        static Npy read(Path p) throws Exception {
            byte[] b = Files.readAllBytes(p);
            assertThat(b[0] & 0xff).isEqualTo(0x93);
            assertThat(new String(b, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
            int len = (b[8] & 0xff) | ((b[9] & 0xff) << 8);
            assertThat((10 + len) % 64).isZero();
            String header = new String(b, 10, len, StandardCharsets.US_ASCII);
            Matcher d = Pattern.compile("'descr': '([^']+)'").matcher(header);
            Matcher s = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
            assertThat(d.find() && s.find()).isTrue();
            String[] dims = s.group(1).replace(" ", "").split(",");
            int[] shape = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = Integer.parseInt(dims[i]);
            }
            return new Npy(
                    d.group(1),
                    shape,
                    ByteBuffer.wrap(b, 10 + len, b.length - 10 - len)
                            .slice()
                            .order(ByteOrder.LITTLE_ENDIAN));
        }
    }

    @Test
    void exportedMasksAreTwoFourAlongTheInputAxisAndMatchTheWeights(@TempDir Path dir)
            throws Exception {
        TrainConfig c =
                TinyRuns.lm()
                        .steps(40)
                        .pattern("2:4")
                        .pruneEmbeddings(true)
                        .exportMasks(dir)
                        .build();
        TrialResult r = new Trainer().train(c, TrainListener.NO_OP);
        JsonNode index = new ObjectMapper().readTree(dir.resolve("index.json").toFile());
        JsonNode tensors = index.get("tensors");
        assertThat(tensors.size()).isEqualTo(Trainer.prunableNames(c).size());
        long blockNonzero = 0;
        for (JsonNode t : tensors) {
            assertThat(t.get("inputAxis").asInt()).isZero();
            Npy w = Npy.read(dir.resolve(t.get("weight").asText()));
            Npy m = Npy.read(dir.resolve(t.get("mask").asText()));
            assertThat(w.descr()).isEqualTo("<f4");
            assertThat(m.descr()).isEqualTo("|u1");
            int rows = t.get("shape").get(0).asInt();
            int cols = t.get("shape").get(1).asInt();
            assertThat(w.shape()).containsExactly(rows, cols);
            assertThat(m.shape()).containsExactly(rows, cols);
            // Independent check: walk every column, groups of 4 consecutive rows (input axis).
            for (int col = 0; col < cols; col++) {
                for (int r0 = 0; r0 < rows; r0 += 4) {
                    int kept = 0;
                    for (int row = r0; row < r0 + 4; row++) {
                        int i = row * cols + col;
                        byte bit = m.data().get(i);
                        float v = w.data().getFloat(i * 4);
                        if (bit == 0) {
                            assertThat(v).isZero();
                        } else {
                            kept++;
                        }
                        if (t.get("name").asText().startsWith("block") && v != 0f) {
                            blockNonzero++;
                        }
                    }
                    assertThat(kept).as("%s col %d rows %d..", t.get("name"), col, r0).isEqualTo(2);
                }
            }
        }
        assertThat(blockNonzero).isEqualTo(r.nonzeroParams());
        assertThat(r.nonzeroParams()).isEqualTo(r.blockParams() / 2);
        assertThat(r.prunableParams()).isGreaterThan(r.blockParams());
    }
}
