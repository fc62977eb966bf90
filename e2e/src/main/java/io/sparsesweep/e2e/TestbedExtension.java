package io.sparsesweep.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the test control plane once per test JVM (in the root store, so every test class shares
 * it, and JUnit stops it when the run ends) and injects {@link Testbed} parameters.
 *
 * <p>When the binaries are absent, every test class using this extension is skipped with a JUnit
 * assumption and a {@code SKIPPED-TESTBED: <why>} line on stdout and stderr, so a build without the
 * Go-built binaries still passes and says loudly what it did not test; under {@code CI=true} it
 * fails instead ({@link Skip}), so CI never passes having tested nothing.
 *
 * <p>System properties (set by the e2e pom): {@code sparsesweep.testbed.dir} (the scripts), {@code
 * sparsesweep.testbed.logs} (component logs, default {@code target/testbed-logs}). Environment:
 * {@code SPARSESWEEP_TESTBED_ATTACH=<state dir>} reuses a control plane started by hand with {@code
 * testbed/start.sh} (it is left running).
 */
public final class TestbedExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TestbedExtension.class);

    /** Outcome of the one start attempt of this JVM: a test bed, a reason to skip, or a failure. */
    private static final class Shared implements AutoCloseable {
        private final Testbed testbed;
        private final String skipReason;
        private final RuntimeException failure;

        private Shared(Testbed testbed, String skipReason, RuntimeException failure) {
            this.testbed = testbed;
            this.skipReason = skipReason;
            this.failure = failure;
        }

        static Shared bringUp() {
            try {
                Path scriptsDir =
                        Path.of(System.getProperty("sparsesweep.testbed.dir", "../testbed"))
                                .toAbsolutePath()
                                .normalize();
                TestbedScripts scripts = new TestbedScripts(scriptsDir);
                String attach = System.getenv("SPARSESWEEP_TESTBED_ATTACH");
                if (attach != null && !attach.isBlank()) {
                    return new Shared(Testbed.attach(scripts, Path.of(attach)), null, null);
                }
                var reason = scripts.unavailableReason();
                if (reason.isPresent()) {
                    return new Shared(null, reason.get(), null);
                }
                Path logs =
                        Path.of(
                                        System.getProperty(
                                                "sparsesweep.testbed.logs", "target/testbed-logs"))
                                .toAbsolutePath();
                Path state =
                        stateRoot().resolve("sparsesweep-testbed-" + ProcessHandle.current().pid());
                Testbed testbed = Testbed.start(scripts, state, logs);
                Runtime.getRuntime()
                        .addShutdownHook(
                                new Thread(
                                        () -> {
                                            try {
                                                testbed.close();
                                            } catch (Exception ignored) {
                                                // JVM is exiting; stop.sh runs by PID anyway.
                                            }
                                        }));
                return new Shared(testbed, null, null);
            } catch (Exception e) {
                return new Shared(
                        null, null, new IllegalStateException("test bed did not start", e));
            }
        }

        // tmpfs keeps etcd fast on slow CI disks (if it has room: container /dev/shm is often 64
        // MB)
        private static Path stateRoot() {
            Path shm = Path.of("/dev/shm");
            try {
                if (Files.isDirectory(shm)
                        && Files.isWritable(shm)
                        && Files.getFileStore(shm).getUsableSpace() > 1L << 30) {
                    return shm;
                }
            } catch (java.io.IOException e) {
                // fall through: use the temp dir
            }
            return Path.of(System.getProperty("java.io.tmpdir"));
        }

        @Override
        public void close() throws java.io.IOException {
            if (testbed != null) {
                testbed.close();
            }
        }
    }

    private static Shared shared(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Shared.class, k -> Shared.bringUp(), Shared.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Shared shared = shared(context);
        if (shared.skipReason != null) {
            Skip.orFailInCi("SKIPPED-TESTBED", context.getDisplayName(), shared.skipReason);
        }
        if (shared.failure != null) {
            throw shared.failure;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Testbed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Shared shared = shared(context);
        if (shared.testbed == null) {
            Assumptions.abort("SKIPPED-TESTBED: " + shared.skipReason);
        }
        return shared.testbed;
    }
}
