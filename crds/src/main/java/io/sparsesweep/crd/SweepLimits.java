package io.sparsesweep.crd;

/** Size limits that keep a sweep's status well inside etcd's object size limit. */
public final class SweepLimits {
    /** Most trials a sweep may expand to (about 300 bytes each in status). */
    public static final int MAX_TRIALS = 1000;

    /** Longest message stored in a condition, the fitting Job's or the fit's, in characters. */
    public static final int MAX_MESSAGE_LENGTH = 512;

    /** Longest message stored per trial (1000 of them fit in 256 KB). */
    public static final int MAX_TRIAL_MESSAGE_LENGTH = 256;

    /** Longest time stamp (RFC 3339) in status. */
    public static final int MAX_TIME_LENGTH = 64;

    /** Longest Kubernetes object name in status. */
    public static final int MAX_NAME_LENGTH = 253;

    /**
     * The most bytes the operator lets a sweep's status take as JSON: under the 1 MiB goal, far
     * under etcd's 1.5 MiB request limit, with room for the spec and metadata beside it.
     */
    public static final int MAX_STATUS_BYTES = 800 * 1024;

    private SweepLimits() {}

    /** Cuts a message to {@link #MAX_MESSAGE_LENGTH} characters (see {@link #cap}). */
    public static String capMessage(String message) {
        return cap(message, MAX_MESSAGE_LENGTH);
    }

    /**
     * A message as status may hold it: control characters (a trial's raw output may contain any)
     * become spaces, and text longer than {@code max} characters is cut, ending in "...".
     */
    public static String cap(String message, int max) {
        if (message == null) {
            return null;
        }
        String clean = message.replaceAll("[\\p{Cntrl}]", " ");
        if (clean.length() <= max) {
            return clean;
        }
        int end = max - 3;
        if (Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--; // never half a character
        }
        return clean.substring(0, end) + "...";
    }
}
