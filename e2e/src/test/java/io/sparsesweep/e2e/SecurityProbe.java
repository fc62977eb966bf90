package io.sparsesweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/**
 * The trial pod's hardening as the kernel enforces it, seen from inside the running trainer
 * container with {@code kubectl exec} (the chart renders these settings; this checks that a real
 * runtime applied them): the chart's non-root user, no ServiceAccount token, a read-only root file
 * system, a read-only data set, no capabilities.
 */
final class SecurityProbe {
    private SecurityProbe() {}

    static void assertEnforced(Kubectl kubectl, String namespace, String pod, String datasetPath) {
        String script =
                String.join(
                        "; ",
                        "echo uid=$(id -u) gid=$(id -g)",
                        "ls /var/run/secrets/kubernetes.io/serviceaccount 2>&1 || true",
                        "touch /root-probe 2>&1 || true",
                        "touch " + datasetPath + "/probe 2>&1 || true",
                        "touch /tmp/probe && echo tmp-writable",
                        "grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status");
        Kubectl.Result r =
                kubectl.run(
                        null,
                        Duration.ofMinutes(1),
                        "exec",
                        "-n",
                        namespace,
                        pod,
                        "-c",
                        "trainer",
                        "--",
                        "sh",
                        "-c",
                        script);
        assertThat(r.ok()).as("kubectl exec into %s: %s", pod, r.stderr()).isTrue();
        String out = r.stdout();
        System.out.println("REAL-NODE inside " + pod + ":\n" + out.strip());
        assertThat(out).as("the chart's non-root user").contains("uid=65532 gid=65532");
        assertThat(out)
                .as("no ServiceAccount token mounted")
                .contains(
                        "/var/run/secrets/kubernetes.io/serviceaccount': No such file or directory");
        assertThat(out)
                .as("read-only root file system")
                .contains("touch: cannot touch '/root-probe': Read-only file system");
        assertThat(out)
                .as("the data set claim is mounted read-only")
                .contains("touch: cannot touch '" + datasetPath + "/probe': Read-only file system");
        assertThat(out).as("the /tmp emptyDir is writable").contains("tmp-writable");
        assertThat(out)
                .as("capabilities dropped, no privilege escalation, seccomp filtering")
                .containsPattern("CapEff:\\s+0000000000000000")
                .containsPattern("NoNewPrivs:\\s+1")
                .containsPattern("Seccomp:\\s+2");
    }
}
