package io.sparsesweep.protocol;

/**
 * The trial protocol's constants. A trainer is started with the flags of {@link TrainerFlag}
 * ({@link TrainerArgs}), writes one line of result JSON ({@link ResultField}, {@link ResultJson})
 * and ends with one of {@link TrialExitCodes}.
 */
public final class TrialProtocol {
    /** The result JSON's version, its field {@code v}. */
    public static final int VERSION = 1;

    /**
     * The result is at most this many bytes of UTF-8: Kubernetes keeps at most 4096 bytes of a
     * container's termination message.
     */
    public static final int MAX_RESULT_BYTES = 4096;

    /**
     * The largest loss a reader accepts, in nats per prediction. A model that guesses uniformly
     * among V classes scores ln V: 5.5 for bytes, 10.4 for a 32k vocabulary, 27.6 even for 10^12
     * classes. A mean loss above 100 nats means the right answer got probability below e^-100 ≈
     * 4e-44 on average, worse than guessing over any vocabulary that can exist; only a broken run
     * (diverged weights, a sum reported instead of a mean, a corrupted message) reports one, and a
     * single such row would dominate a fit of log-losses.
     */
    public static final double MAX_LOSS = 100.0;

    /** The longest wall time a reader accepts: about 31 years, far past any real run. */
    public static final double MAX_WALL_SECONDS = 1e9;

    /** A reader's reason for rejecting a result is at most this long. */
    public static final int MAX_REASON_LENGTH = 200;

    private TrialProtocol() {}
}
