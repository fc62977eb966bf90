package io.sparsesweep.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hardened pods everywhere: the operator pod the chart renders, and the trial/fitting pod security
 * the chart hands the operator in its config file.
 */
class PodSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @MethodSource("io.sparsesweep.helm.Chart#exampleNames")
    void everyRenderedPodIsHardened(String example) {
        List<PodTemplateSpec> pods = Chart.renderExample(example).podTemplates();

        assertThat(pods).isNotEmpty();
        for (PodTemplateSpec pod : pods) {
            PodSpec spec = pod.getSpec();
            assertThat(spec.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            assertThat(spec.getHostPID()).isNotEqualTo(Boolean.TRUE);
            assertThat(spec.getHostIPC()).isNotEqualTo(Boolean.TRUE);
            assertThat(spec.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
            assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(spec.getSecurityContext().getSeccompProfile().getType())
                    .isEqualTo("RuntimeDefault");
            for (Container c : spec.getContainers()) {
                assertHardened(c.getSecurityContext());
                assertWritableMountsAreEmptyDirs(spec, c);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.sparsesweep.helm.Chart#exampleNames")
    void trialAndFittingPodsGetAHardenedSecurityContext(String example) {
        Map<String, Object> podSecurity =
                mapAt(Chart.renderExample(example).operatorConfig(), "podSecurity");

        PodSecurityContext pod =
                JSON.convertValue(podSecurity.get("podSecurityContext"), PodSecurityContext.class);
        SecurityContext container =
                JSON.convertValue(podSecurity.get("securityContext"), SecurityContext.class);
        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertHardened(container);
        assertThat(podSecurity.get("tmpSizeLimit")).isNotNull();
    }

    @Test
    void operatorRunsAsFixedNonRootUserWithAWritableTmpOnly() {
        PodSpec spec = Chart.render().operatorDeployment().getSpec().getTemplate().getSpec();

        assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(spec.getContainers().get(0).getVolumeMounts())
                .filteredOn(m -> !Boolean.TRUE.equals(m.getReadOnly()))
                .extracting(VolumeMount::getMountPath)
                .containsExactly("/tmp");
        Volume tmp =
                spec.getVolumes().stream()
                        .filter(v -> v.getName().equals("tmp"))
                        .findFirst()
                        .orElseThrow();
        assertThat(tmp.getEmptyDir().getSizeLimit().toString()).isEqualTo("64Mi");
    }

    /**
     * Security settings are values: a platform with its own policy changes them there, and only
     * there.
     */
    @Test
    void securityContextsAreOverriddenThroughValues() {
        Rendered r =
                Chart.render(
                        Map.of(
                                "operator",
                                Map.of(
                                        "podSecurityContext",
                                        Map.of("runAsNonRoot", true, "runAsUser", 1001),
                                        "securityContext",
                                        Map.of(
                                                "readOnlyRootFilesystem",
                                                true,
                                                "allowPrivilegeEscalation",
                                                false,
                                                "capabilities",
                                                Map.of(
                                                        "drop",
                                                        List.of("ALL"),
                                                        "add",
                                                        List.of("NET_BIND_SERVICE")))),
                                "sweeps",
                                Map.of("podSecurityContext", Map.of("runAsUser", 2002))));

        PodSpec spec = r.operatorDeployment().getSpec().getTemplate().getSpec();
        assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(1001L);
        assertThat(spec.getContainers().get(0).getSecurityContext().getCapabilities().getAdd())
                .containsExactly("NET_BIND_SERVICE");
        Map<String, Object> podSecurity = mapAt(r.operatorConfig(), "podSecurity");
        assertThat(mapAt(podSecurity, "podSecurityContext")).containsEntry("runAsUser", 2002);
    }

    @Test
    void uidsCanBeLeftToThePlatform() {
        Rendered r = Chart.renderExample("security-override.yaml");

        PodSecurityContext pod =
                r.operatorDeployment().getSpec().getTemplate().getSpec().getSecurityContext();
        assertThat(pod.getRunAsUser()).isNull();
        assertThat(pod.getFsGroup()).isNull();
        assertThat(pod.getRunAsNonRoot()).isTrue();
    }

    static void assertHardened(SecurityContext sc) {
        assertThat(sc).isNotNull();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(sc.getRunAsNonRoot()).isNotEqualTo(Boolean.FALSE);
        assertThat(sc.getCapabilities().getDrop()).contains("ALL");
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }

    private static void assertWritableMountsAreEmptyDirs(PodSpec spec, Container c) {
        Set<String> emptyDirs =
                Set.copyOf(
                        spec.getVolumes().stream()
                                .filter(v -> v.getEmptyDir() != null)
                                .map(Volume::getName)
                                .toList());
        assertThat(c.getVolumeMounts())
                .filteredOn(m -> !Boolean.TRUE.equals(m.getReadOnly()))
                .allSatisfy(m -> assertThat(emptyDirs).contains(m.getName()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapAt(Map<String, Object> map, String key) {
        Object value = map.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
