package io.sparsesweep.fitting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The paper's published sweeps, read where they live ({@code ../shared/paper-data}, never copied
 * into the repository) and normalised exactly as the authors' notebook does (paper.md §1.2).
 */
final class PaperData {
    /** ViT-B-like blocks: 12 layers of 12·768² weights. */
    static final double VIT_BASE = 12 * (12 * 768.0 * 768.0);

    /** T5: 12 encoder + 12 decoder layers of 12·768² weights. */
    static final double T5_BASE = 24 * (12 * 768.0 * 768.0);

    private PaperData() {}

    /** The folder, from -Dsparsesweep.paperData or the repository's sibling shared/ folder. */
    static Path folder() {
        String p = System.getProperty("sparsesweep.paperData");
        if (p != null) {
            return Path.of(p);
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path d = here; d != null; d = d.getParent()) {
            Path candidate = d.resolveSibling("shared").resolve("paper-data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return here.resolve("../shared/paper-data").normalize();
    }

    static boolean available() {
        return Files.isRegularFile(folder().resolve("vit-data.json"))
                && Files.isRegularFile(folder().resolve("t5-data.csv"));
    }

    /** ViT/JFT: N' = N/1e6 non-zeros, D' = examples/1e9 (notebook cell 7). */
    static SweepData vit() throws IOException {
        JsonNode root = new ObjectMapper().readTree(folder().resolve("vit-data.json").toFile());
        JsonNode scale = root.get("scale");
        List<Observation> points = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = scale.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            double s = root.get("sparsity").get(key).asDouble();
            double sc = scale.get(key).asDouble();
            double examples = root.get("total_examples").get(key).asDouble();
            double loss = root.get("val-loss").get(key).asDouble();
            points.add(new Observation(s, VIT_BASE * sc * (1 - s) / 1e6, examples / 1e9, loss));
        }
        return SweepData.of("vit-data.json", points);
    }

    /** T5/C4: N' = N/1e6 non-zeros, D' = steps/1e5 (notebook cell 13). */
    static SweepData t5() throws IOException {
        List<String> lines = Files.readAllLines(folder().resolve("t5-data.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int iS = header.indexOf("sparsity");
        int iScale = header.indexOf("scale");
        int iLoss = header.indexOf("val-loss");
        int iSteps = header.indexOf("steps");
        List<Observation> points = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            double s = Double.parseDouble(f[iS]);
            double sc = Double.parseDouble(f[iScale]);
            points.add(
                    new Observation(
                            s,
                            T5_BASE * sc * (1 - s) / 1e6,
                            Double.parseDouble(f[iSteps]) / 1e5,
                            Double.parseDouble(f[iLoss])));
        }
        return SweepData.of("t5-data.csv", points);
    }
}
