package io.sparsesweep.runner.data;

/**
 * One batch of training or validation examples. For the language model {@code tokens} holds {@code
 * examples × seqLen} input bytes and {@code labels} the next byte of each position; for the image
 * classifier {@code pixels} holds {@code examples × height × width} values in [0, 1] and {@code
 * labels} one class per example.
 */
public record Batch(int examples, int[] tokens, float[] pixels, int[] labels) {
    public static Batch text(int examples, int[] tokens, int[] labels) {
        return new Batch(examples, tokens, null, labels);
    }

    public static Batch images(int examples, float[] pixels, int[] labels) {
        return new Batch(examples, null, pixels, labels);
    }
}
