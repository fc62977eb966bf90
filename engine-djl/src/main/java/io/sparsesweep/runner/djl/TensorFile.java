package io.sparsesweep.runner.djl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparsesweep.runner.config.RunnerConfigException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The DJL engine's checkpoint files: {@code PREFIX.index} (JSON: format, engine, every tensor's
 * name and shape, in order) and {@code PREFIX.data} (their float32 values, little-endian, in the
 * same order). Plain Java I/O, so a checkpoint round-trips bit for bit; the file names match what
 * {@code CheckpointStore} looks for ({@code model.index}), the content does not match TensorFlow's,
 * and the run's fingerprint names the engine, so the engines never read each other's files.
 */
final class TensorFile {
    static final String FORMAT = "sparsesweep-djl-tensors-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TensorFile() {}

    /** A tensor as stored: shape and row-major values. */
    record Tensor(int[] shape, float[] values) {}

    static void write(Path prefix, Map<String, Tensor> tensors) {
        ObjectNode index = JSON.createObjectNode();
        index.put("format", FORMAT);
        index.put("engine", "djl");
        ArrayNode list = index.putArray("tensors");
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = list.addObject();
            t.put("name", e.getKey());
            ArrayNode shape = t.putArray("shape");
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
        }
        try {
            Files.createDirectories(prefix.toAbsolutePath().getParent());
            try (OutputStream out =
                    new BufferedOutputStream(Files.newOutputStream(data(prefix)), 1 << 16)) {
                ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors.values()) {
                    for (float v : t.values()) {
                        if (!buf.hasRemaining()) {
                            out.write(buf.array(), 0, buf.position());
                            buf.clear();
                        }
                        buf.putFloat(v);
                    }
                }
                out.write(buf.array(), 0, buf.position());
            }
            Files.writeString(index(prefix), JSON.writeValueAsString(index));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + prefix, e);
        }
    }

    /**
     * Reads a checkpoint and checks it holds exactly {@code expected} (names and shapes).
     *
     * @throws RunnerConfigException when the files are not this engine's or not this model's
     */
    static Map<String, Tensor> read(Path prefix, Map<String, int[]> expected) {
        JsonNode index;
        try {
            index = JSON.readTree(index(prefix).toFile());
        } catch (IOException e) {
            throw new RunnerConfigException(
                    "checkpoint "
                            + prefix.getParent()
                            + " was not written by the djl engine ("
                            + e.getMessage().lines().findFirst().orElse("")
                            + "); resume it with the engine that wrote it");
        }
        if (!FORMAT.equals(index.path("format").asText())) {
            throw new RunnerConfigException(
                    "checkpoint " + prefix.getParent() + " has format " + index.path("format"));
        }
        Map<String, int[]> found = new LinkedHashMap<>();
        for (JsonNode t : index.path("tensors")) {
            int[] shape = new int[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asInt();
            }
            found.put(t.path("name").asText(), shape);
        }
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            int[] s = found.get(e.getKey());
            if (s == null || !Arrays.equals(s, e.getValue())) {
                throw new RunnerConfigException(
                        "checkpoint "
                                + prefix.getParent()
                                + ": tensor "
                                + e.getKey()
                                + (s == null
                                        ? " is missing"
                                        : " has shape "
                                                + Arrays.toString(s)
                                                + ", the model needs "
                                                + Arrays.toString(e.getValue())));
            }
        }
        if (!found.keySet().equals(expected.keySet())) {
            throw new RunnerConfigException(
                    "checkpoint " + prefix.getParent() + " holds tensors this model does not have");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (DataInputStream in =
                new DataInputStream(
                        new BufferedInputStream(Files.newInputStream(data(prefix)), 1 << 16))) {
            byte[] bytes = new byte[0];
            for (Map.Entry<String, int[]> e : found.entrySet()) {
                int n = 1;
                for (int d : e.getValue()) {
                    n *= d;
                }
                if (bytes.length < 4 * n) {
                    bytes = new byte[4 * n];
                }
                in.readFully(bytes, 0, 4 * n);
                float[] v = new float[n];
                ByteBuffer.wrap(bytes, 0, 4 * n)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(v);
                out.put(e.getKey(), new Tensor(e.getValue(), v));
            }
            if (in.read() != -1) {
                throw new IOException("trailing bytes after the last tensor");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint data " + data(prefix), e);
        }
        return out;
    }

    static Path index(Path prefix) {
        return prefix.resolveSibling(prefix.getFileName() + ".index");
    }

    static Path data(Path prefix) {
        return prefix.resolveSibling(prefix.getFileName() + ".data");
    }
}
