package io.sparsesweep.e2e;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when what it needs (the control plane's binaries, the real node, the images) is
 * missing: on a developer's machine it is skipped with a loud {@code <TAG>: <class> not run: <why>}
 * line on stdout and stderr; under {@code CI=true} it fails, because CI's set-up (.ci/setup.d) is
 * there to provide all of it and a green run that tested nothing is worse than a red one.
 */
public final class Skip {
    private Skip() {}

    /** Whether this run is CI ({@code CI=true}, as GitHub Actions, GitLab and most CIs set it). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Aborts the test (skip), or fails it under {@code CI=true}; never returns. */
    public static void orFailInCi(String tag, String what, String why) {
        String line = tag + ": " + what + " not run: " + why;
        System.out.println(line);
        System.err.println(line);
        if (inCi()) {
            throw new IllegalStateException("CI=true, so this is a failure: " + line);
        }
        Assumptions.abort(line);
    }
}
