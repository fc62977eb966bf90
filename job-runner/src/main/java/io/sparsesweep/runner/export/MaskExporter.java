package io.sparsesweep.runner.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --export-masks DIR}: for every pruned tensor its final weights ({@code <name>.weight.npy},
 * float32) and mask ({@code <name>.mask.npy}, uint8 0/1), plus {@code index.json} of the form
 * {@code {"tensors":[{"name","shape","weight","mask","inputAxis"}]}}. File names replace '/' in
 * tensor names with "__".
 */
public final class MaskExporter {
    private final Path dir;
    private final List<Map<String, Object>> entries = new ArrayList<>();

    public MaskExporter(Path dir) {
        this.dir = dir;
    }

    public void add(String name, int[] shape, int inputAxis, float[] weight, float[] mask) {
        try {
            Files.createDirectories(dir);
            String base = name.replace("/", "__");
            NpyWriter.writeFloat32(dir.resolve(base + ".weight.npy"), shape, weight);
            NpyWriter.writeMask(dir.resolve(base + ".mask.npy"), shape, mask);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", name);
            e.put("shape", shape);
            e.put("weight", base + ".weight.npy");
            e.put("mask", base + ".mask.npy");
            e.put("inputAxis", inputAxis);
            entries.add(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export masks to " + dir, e);
        }
    }

    public void finish() {
        try {
            Files.createDirectories(dir);
            new ObjectMapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValue(dir.resolve("index.json").toFile(), Map.of("tensors", entries));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("index.json"), e);
        }
    }
}
