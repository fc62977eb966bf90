package io.sparsesweep.runner.data;

import io.sparsesweep.protocol.BadArgumentException;
import io.sparsesweep.runner.config.RunnerConfigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Byte-level text: the corpus is split once into a training part (the first {@code 1 − valFraction}
 * of the bytes) and a held-out tail. Training windows of {@code seqLen + 1} bytes start at
 * positions drawn per step; validation uses the first {@code valSize} non-overlapping windows of
 * the tail, always the same.
 */
public final class TextData implements DataSource {
    private final byte[] corpus;
    private final int trainEnd;
    private final int seqLen;
    private final int batchSize;
    private final long seed;
    private final List<Batch> validation;
    private final int validationExamples;
    private final String source;

    public TextData(
            byte[] corpus,
            String source,
            int seqLen,
            int batchSize,
            double valFraction,
            int valSize,
            long seed) {
        this.corpus = corpus;
        this.source = source;
        this.seqLen = seqLen;
        this.batchSize = batchSize;
        this.seed = seed;
        this.trainEnd = (int) Math.floor(corpus.length * (1.0 - valFraction));
        int heldOut = corpus.length - trainEnd;
        int windows = Math.min(valSize, heldOut / (seqLen + 1));
        BadArgumentException.require(
                trainEnd > seqLen + 1,
                "--dataset",
                source,
                "too little text (" + corpus.length + " bytes) for --seq-len " + seqLen);
        BadArgumentException.require(
                windows >= 1,
                "--val-fraction",
                valFraction,
                "the held-out tail ("
                        + heldOut
                        + " bytes) holds no validation sequence of "
                        + (seqLen + 1)
                        + " bytes");
        this.validationExamples = windows;
        this.validation = new ArrayList<>();
        for (int first = 0; first < windows; first += batchSize) {
            int n = Math.min(batchSize, windows - first);
            int[] x = new int[n * seqLen];
            int[] y = new int[n * seqLen];
            for (int e = 0; e < n; e++) {
                fill(x, y, e, trainEnd + (first + e) * (seqLen + 1));
            }
            validation.add(Batch.text(n, x, y));
        }
    }

    private void fill(int[] x, int[] y, int e, int start) {
        for (int i = 0; i < seqLen; i++) {
            x[e * seqLen + i] = corpus[start + i] & 0xff;
            y[e * seqLen + i] = corpus[start + i + 1] & 0xff;
        }
    }

    @Override
    public Batch trainBatch(long step) {
        SplittableRandom r = DataSource.stepRandom(seed, step);
        int[] x = new int[batchSize * seqLen];
        int[] y = new int[batchSize * seqLen];
        int positions = trainEnd - seqLen - 1;
        for (int e = 0; e < batchSize; e++) {
            fill(x, y, e, r.nextInt(positions + 1));
        }
        return Batch.text(batchSize, x, y);
    }

    @Override
    public List<Batch> validation() {
        return validation;
    }

    @Override
    public long trainExamples() {
        return trainEnd - seqLen;
    }

    @Override
    public int validationExamples() {
        return validationExamples;
    }

    @Override
    public String describe() {
        return String.format(
                "text %s: %d bytes, %d for training, %d validation sequences of %d bytes",
                source, corpus.length, trainEnd, validationExamples, seqLen);
    }

    /**
     * Reads a text file, or every file of a folder in name order (recursively; only files without
     * an extension or ending in .txt). With {@code stripPosTags}, each whitespace-separated token
     * "word/tag" becomes "word" (the Brown corpus format).
     */
    public static byte[] read(Path path, boolean stripPosTags) {
        BadArgumentException.require(
                Files.exists(path), "--dataset", path, "no such file or directory");
        List<Path> files = new ArrayList<>();
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.walk(path)) {
                    s.filter(Files::isRegularFile)
                            .filter(TextData::looksLikeText)
                            .sorted()
                            .forEach(files::add);
                }
            } else {
                files.add(path);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Path f : files) {
                byte[] bytes = Files.readAllBytes(f);
                if (stripPosTags) {
                    bytes =
                            stripTags(new String(bytes, StandardCharsets.UTF_8))
                                    .getBytes(StandardCharsets.UTF_8);
                }
                out.write(bytes);
                out.write('\n');
            }
            BadArgumentException.require(out.size() > 1, "--dataset", path, "contains no text");
            return out.toByteArray();
        } catch (IOException e) {
            throw new RunnerConfigException("--dataset " + path + ": cannot read: " + e, e);
        }
    }

    private static boolean looksLikeText(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".txt") || !name.contains(".");
    }

    /** "The/at jury/nn said/vbd ./." becomes "The jury said ."; line structure is kept. */
    static String stripTags(String tagged) {
        StringBuilder out = new StringBuilder(tagged.length());
        for (String line : tagged.split("\n", -1)) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                String[] tokens = trimmed.split("\\s+");
                for (int i = 0; i < tokens.length; i++) {
                    String t = tokens[i];
                    int slash = t.lastIndexOf('/');
                    out.append(slash > 0 ? t.substring(0, slash) : t);
                    out.append(i + 1 < tokens.length ? ' ' : '\n');
                }
            }
        }
        return out.toString();
    }
}
