package io.sparsesweep.runner.data;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Built-in data for quick runs and tests, generated from a fixed seed (never from the run's seed,
 * so every run sees the same task). Text: sentences of words drawn with Zipf frequencies from a
 * fixed random vocabulary, so a model can learn spelling and word statistics. Images: 16×16
 * pictures of 10 classes, each a class-specific bar (position and orientation) plus noise.
 */
public final class SyntheticData {
    private static final long TASK_SEED = 20240401L;

    private SyntheticData() {}

    /** About {@code bytes} bytes of synthetic text. */
    public static byte[] text(int bytes) {
        SplittableRandom r = new SplittableRandom(TASK_SEED);
        String[] words = new String[64];
        for (int i = 0; i < words.length; i++) {
            int len = 2 + r.nextInt(6);
            StringBuilder w = new StringBuilder();
            for (int j = 0; j < len; j++) {
                w.append((char) ('a' + r.nextInt(26)));
            }
            words[i] = w.toString();
        }
        double[] cdf = new double[words.length];
        double total = 0;
        for (int i = 0; i < words.length; i++) {
            total += 1.0 / (i + 1);
            cdf[i] = total;
        }
        StringBuilder out = new StringBuilder(bytes + 16);
        int inSentence = 0;
        while (out.length() < bytes) {
            double u = r.nextDouble() * total;
            int i = 0;
            while (cdf[i] < u) {
                i++;
            }
            String w = words[i];
            out.append(inSentence == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
            inSentence++;
            if (inSentence >= 4 + r.nextInt(8)) {
                out.append(".\n");
                inSentence = 0;
            } else {
                out.append(' ');
            }
        }
        return out.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
    }

    public static final int IMAGE_SIDE = 16;
    public static final int IMAGE_CLASSES = 10;

    /** Images {@code [count, 16, 16]} as unsigned bytes and their labels, from a fixed seed. */
    public static byte[][] images(int count, long offset) {
        SplittableRandom r = new SplittableRandom(TASK_SEED + offset);
        int p = IMAGE_SIDE * IMAGE_SIDE;
        byte[] pixels = new byte[count * p];
        byte[] labels = new byte[count];
        for (int n = 0; n < count; n++) {
            int c = r.nextInt(IMAGE_CLASSES);
            labels[n] = (byte) c;
            boolean vertical = c % 2 == 0;
            int line = 2 + (c / 2) * 3;
            for (int i = 0; i < IMAGE_SIDE; i++) {
                for (int j = 0; j < IMAGE_SIDE; j++) {
                    int along = vertical ? j : i;
                    double v = r.nextDouble() * 90;
                    if (Math.abs(along - line) <= 1) {
                        v += 150;
                    }
                    pixels[n * p + i * IMAGE_SIDE + j] = (byte) Math.min(255, (int) v);
                }
            }
        }
        return new byte[][] {pixels, labels};
    }
}
