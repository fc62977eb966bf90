package io.sparsesweep.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A control plane of its own with a real node ({@code testbed/start.sh --real-node}) for one test
 * class, and the images ({@link RealNodeImages}) imported into it. It is torn down after the class
 * (and by a shutdown hook if the JVM ends first), and the class then fails if the node left
 * anything on the machine ({@code testbed/real-node.sh leftovers}: processes, links, iptables rules
 * and chains, mounts, cgroups).
 *
 * <p>Separate from {@link TestbedExtension}'s shared control plane, whose kwok-only nodes the other
 * tests rely on. Opt-in ({@code -Dsparsesweep.realnode=true} or {@code SPARSESWEEP_REALNODE=true}):
 * it needs root, starts kubelet and containerd, changes iptables, and takes about 20 minutes on 2
 * cores, so without it a class that uses this extension skips with a {@code SKIPPED-REALNODE} line.
 * Once opted in, a missing piece (root, the node's packages, the kubelet, images as new as the
 * sources) skips it with that line, or fails under {@code CI=true} ({@link Skip}).
 */
public final class RealNodeExtension
        implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RealNodeExtension.class);

    /** The started test bed and its images, kept in the class's store. */
    public record Node(Testbed testbed, RealNodeImages images) {}

    /** Whether this run asked for the real node. */
    public static boolean optedIn() {
        return Boolean.getBoolean("sparsesweep.realnode")
                || "true".equalsIgnoreCase(System.getenv("SPARSESWEEP_REALNODE"));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!optedIn()) {
            String line =
                    "SKIPPED-REALNODE: "
                            + context.getDisplayName()
                            + " is opt-in (-Dsparsesweep.realnode=true or"
                            + " SPARSESWEEP_REALNODE=true; needs root, runs kubelet and containerd)";
            System.out.println(line);
            Assumptions.abort(line);
        }
        Path scriptsDir =
                Path.of(System.getProperty("sparsesweep.testbed.dir", "../testbed"))
                        .toAbsolutePath()
                        .normalize();
        TestbedScripts scripts = new TestbedScripts(scriptsDir);
        String what = context.getDisplayName();
        Optional<String> unavailable = scripts.unavailableReason(List.of("--real-node"));
        if (unavailable.isPresent()) {
            Skip.orFailInCi("SKIPPED-REALNODE", what, unavailable.get());
        }
        RealNodeImages.Result found = RealNodeImages.find(Crds.repoDir());
        if (found.images() == null) {
            Skip.orFailInCi("SKIPPED-REALNODE", what, found.missing());
        }
        RealNodeImages images = found.images();
        Path logs =
                Path.of(System.getProperty("sparsesweep.testbed.logs", "target/testbed-logs"))
                        .toAbsolutePath()
                        .resolve("real-node");
        Path state =
                Path.of("/dev/shm")
                        .resolve("sparsesweep-realnode-" + ProcessHandle.current().pid());
        Files.createDirectories(logs);
        Testbed testbed =
                Testbed.start(
                        scripts,
                        state,
                        logs,
                        List.of("--real-node"),
                        Map.of("REALNODE_IMAGES", images.tarballs()));
        Thread hook =
                new Thread(
                        () -> {
                            try {
                                testbed.close();
                            } catch (Exception ignored) {
                                // the JVM is exiting; stop.sh works by PID and is idempotent
                            }
                        },
                        "real-node-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        context.getStore(NAMESPACE).put(Node.class, new Node(testbed, images));
        context.getStore(NAMESPACE).put(Thread.class, hook);
        context.getStore(NAMESPACE).put(TestbedScripts.class, scripts);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Node node = context.getStore(NAMESPACE).get(Node.class, Node.class);
        if (node == null) {
            return;
        }
        node.testbed().close();
        Thread hook = context.getStore(NAMESPACE).get(Thread.class, Thread.class);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // nothing to remove
        }
        TestbedScripts scripts =
                context.getStore(NAMESPACE).get(TestbedScripts.class, TestbedScripts.class);
        Optional<String> left = scripts.realNodeLeftovers();
        System.out.println(left.orElse("REAL-NODE teardown: nothing left on this machine"));
        if (left.isPresent()) {
            throw new AssertionError("the real node's teardown left:\n" + left.get());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Node.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(Node.class, Node.class);
    }
}
