package io.sparsesweep.runner.data;

import io.sparsesweep.protocol.BadArgumentException;
import io.sparsesweep.runner.config.RunnerConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Grey-scale images with integer labels. The validation set is fixed: the official test split when
 * one is given (the {@code t10k-*} files of an IDX folder), otherwise the last {@code valFraction}
 * of the training images; at most {@code valSize} of them are used, always the first ones. Training
 * batches draw images uniformly with replacement from a per-step generator.
 */
public final class ImageData implements DataSource {
    private final byte[] trainPixels;
    private final byte[] trainLabels;
    private final int trainCount;
    private final int height;
    private final int width;
    private final int classes;
    private final int batchSize;
    private final long seed;
    private final List<Batch> validation = new ArrayList<>();
    private final int validationCount;
    private final String source;

    /** Images {@code [n, h, w]} as unsigned bytes; labels in {@code [0, classes)}. */
    public ImageData(
            String source,
            byte[] pixels,
            byte[] labels,
            int count,
            byte[] valPixels,
            byte[] valLabels,
            int valCount,
            int height,
            int width,
            int batchSize,
            int valSize,
            long seed) {
        this.source = source;
        this.height = height;
        this.width = width;
        this.batchSize = batchSize;
        this.seed = seed;
        this.trainPixels = pixels;
        this.trainLabels = labels;
        this.trainCount = count;
        int max = 0;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, labels[i] & 0xff);
        }
        this.classes = max + 1;
        BadArgumentException.require(count >= 1, "--dataset", source, "holds no training image");
        this.validationCount = Math.min(valSize, valCount);
        BadArgumentException.require(
                validationCount >= 1, "--val-size", valSize, "leaves no validation image");
        int pixelsPer = height * width;
        for (int first = 0; first < validationCount; first += batchSize) {
            int n = Math.min(batchSize, validationCount - first);
            float[] x = new float[n * pixelsPer];
            int[] y = new int[n];
            for (int e = 0; e < n; e++) {
                copy(valPixels, first + e, x, e);
                y[e] = valLabels[first + e] & 0xff;
            }
            validation.add(Batch.images(n, x, y));
        }
    }

    private void copy(byte[] from, int image, float[] to, int slot) {
        int p = height * width;
        for (int i = 0; i < p; i++) {
            to[slot * p + i] = (from[image * p + i] & 0xff) / 255f;
        }
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int classes() {
        return classes;
    }

    @Override
    public Batch trainBatch(long step) {
        SplittableRandom r = DataSource.stepRandom(seed, step);
        float[] x = new float[batchSize * height * width];
        int[] y = new int[batchSize];
        for (int e = 0; e < batchSize; e++) {
            int i = r.nextInt(trainCount);
            copy(trainPixels, i, x, e);
            y[e] = trainLabels[i] & 0xff;
        }
        return Batch.images(batchSize, x, y);
    }

    @Override
    public List<Batch> validation() {
        return validation;
    }

    @Override
    public long trainExamples() {
        return trainCount;
    }

    @Override
    public int validationExamples() {
        return validationCount;
    }

    @Override
    public String describe() {
        return String.format(
                "images %s: %d training, %d validation, %dx%d, %d classes",
                source, trainCount, validationCount, height, width, classes);
    }

    /**
     * Loads an IDX folder ({@code train-images*}, {@code train-labels*} and optionally {@code
     * t10k-images*}, {@code t10k-labels*}) or a single images file whose labels file sits beside it
     * with "labels" in place of "images".
     */
    public static ImageData loadIdx(
            Path path, int batchSize, double valFraction, int valSize, long seed) {
        BadArgumentException.require(
                Files.exists(path), "--dataset", path, "no such file or directory");
        Path trainImages;
        Path testImages = null;
        if (Files.isDirectory(path)) {
            trainImages = find(path, "train-images");
            BadArgumentException.require(
                    trainImages != null, "--dataset", path, "has no train-images IDX file");
            testImages = find(path, "t10k-images");
        } else {
            trainImages = path;
        }
        IdxFiles.Idx images = IdxFiles.read(trainImages);
        IdxFiles.Idx labels = IdxFiles.read(labelsBeside(trainImages));
        BadArgumentException.require(
                images.dims().length == 3 && labels.dims()[0] == images.dims()[0],
                "--dataset",
                path,
                "expects [n, h, w] images with one label each");
        int n = images.dims()[0];
        int h = images.dims()[1];
        int w = images.dims()[2];
        if (testImages != null) {
            IdxFiles.Idx ti = IdxFiles.read(testImages);
            IdxFiles.Idx tl = IdxFiles.read(labelsBeside(testImages));
            return new ImageData(
                    path.toString(),
                    images.data(),
                    labels.data(),
                    n,
                    ti.data(),
                    tl.data(),
                    ti.dims()[0],
                    h,
                    w,
                    batchSize,
                    valSize,
                    seed);
        }
        int trainCount = (int) Math.floor(n * (1.0 - valFraction));
        BadArgumentException.require(
                trainCount < n, "--val-fraction", valFraction, "holds out no image");
        int p = h * w;
        byte[] valPixels = java.util.Arrays.copyOfRange(images.data(), trainCount * p, n * p);
        byte[] valLabels = java.util.Arrays.copyOfRange(labels.data(), trainCount, n);
        return new ImageData(
                path.toString(),
                images.data(),
                labels.data(),
                trainCount,
                valPixels,
                valLabels,
                n - trainCount,
                h,
                w,
                batchSize,
                valSize,
                seed);
    }

    private static Path labelsBeside(Path imagesFile) {
        String name = imagesFile.getFileName().toString();
        Path labels =
                imagesFile.resolveSibling(name.replace("images", "labels").replace("idx3", "idx1"));
        BadArgumentException.require(
                Files.exists(labels), "--dataset", imagesFile, "has no labels file " + labels);
        return labels;
    }

    private static Path find(Path dir, String prefix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            throw new RunnerConfigException("--dataset " + dir + ": cannot list: " + e, e);
        }
    }
}
