package io.sparsesweep.crd;

/** Size limits that keep a sweep's status well inside etcd's object size limit. */
public final class SweepLimits {
    /** Most trials a sweep may expand to (about 300 bytes each in status). */
    public static final int MAX_TRIALS = 1000;

    /** Longest message stored in a trial or condition, in characters. */
    public static final int MAX_MESSAGE_LENGTH = 512;

    private SweepLimits() {}

    /** Cuts a message to {@link #MAX_MESSAGE_LENGTH} characters. */
    public static String capMessage(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }
}
