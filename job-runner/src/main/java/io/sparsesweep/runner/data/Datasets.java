package io.sparsesweep.runner.data;

import io.sparsesweep.protocol.BadArgumentException;
import java.nio.file.Path;

/** Opens the data set a run names: "synthetic" or a path, interpreted by task. */
public final class Datasets {
    /** Bytes of built-in synthetic text. */
    public static final int SYNTHETIC_TEXT_BYTES = 1 << 20;

    /** Built-in synthetic images: training and validation counts. */
    public static final int SYNTHETIC_TRAIN_IMAGES = 20_000;

    public static final int SYNTHETIC_VAL_IMAGES = 2_000;

    private Datasets() {}

    public static TextData text(
            String dataset,
            boolean stripPosTags,
            int seqLen,
            int batchSize,
            double valFraction,
            int valSize,
            long seed) {
        if ("synthetic".equals(dataset)) {
            return new TextData(
                    SyntheticData.text(SYNTHETIC_TEXT_BYTES),
                    "synthetic",
                    seqLen,
                    batchSize,
                    valFraction,
                    valSize,
                    seed);
        }
        Path p = Path.of(dataset);
        return new TextData(
                TextData.read(p, stripPosTags),
                dataset,
                seqLen,
                batchSize,
                valFraction,
                valSize,
                seed);
    }

    public static ImageData images(
            String dataset, int batchSize, double valFraction, int valSize, long seed) {
        if ("synthetic".equals(dataset)) {
            byte[][] train = SyntheticData.images(SYNTHETIC_TRAIN_IMAGES, 0);
            byte[][] val = SyntheticData.images(SYNTHETIC_VAL_IMAGES, 1);
            int side = SyntheticData.IMAGE_SIDE;
            return new ImageData(
                    "synthetic",
                    train[0],
                    train[1],
                    SYNTHETIC_TRAIN_IMAGES,
                    val[0],
                    val[1],
                    SYNTHETIC_VAL_IMAGES,
                    side,
                    side,
                    batchSize,
                    valSize,
                    seed);
        }
        Path p = Path.of(dataset);
        BadArgumentException.require(
                !p.toString().isBlank(), "--dataset", dataset, "is not a path");
        return ImageData.loadIdx(p, batchSize, valFraction, valSize, seed);
    }
}
