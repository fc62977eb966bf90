package io.sparsesweep.runner.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlRuntimeTest {

    @Test
    void loadsPyTorchFromTheBundledJarOfflineWithoutTelemetry() {
        assertThat(DjlRuntime.engine().getEngineName()).isEqualTo("PyTorch");
        assertThat(DjlRuntime.engine().getVersion()).isEqualTo("2.7.1");
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
        assertThat(ai.djl.util.Utils.isOfflineMode()).isTrue();
        assertThat(DjlRuntime.describe())
                .contains("PyTorch 2.7.1", "device cpu()", "no GPU visible");
    }

    @Test
    void missingNativesFailNamingTheJarInsteadOfDownloading(@TempDir Path dir) throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> DjlRuntime.requireBundled(empty))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64")
                    .hasMessageContaining("never downloads");
        }
        // A placeholder properties file (what DJL's "auto" jars carry) is not a native library.
        Path placeholder = dir.resolve("native/lib/pytorch.properties");
        Files.createDirectories(placeholder.getParent());
        Properties p = new Properties();
        p.setProperty("placeholder", "true");
        p.setProperty("version", "2.7.1");
        try (var out = Files.newOutputStream(placeholder)) {
            p.store(out, null);
        }
        try (URLClassLoader onlyPlaceholder =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> DjlRuntime.requireBundled(onlyPlaceholder))
                    .hasMessageContaining("pytorch-native-cpu");
        }
        // Natives without the JNI jar: DJL would download libdjl_torch.so.
        Path natives = dir.resolve("n/native/lib/pytorch.properties");
        Files.createDirectories(natives.getParent());
        Files.writeString(natives, "version=2.7.1\nflavor=cpu\n");
        try (URLClassLoader noJni =
                new URLClassLoader(new URL[] {dir.resolve("n").toUri().toURL()}, null)) {
            assertThatThrownBy(() -> DjlRuntime.requireBundled(noJni))
                    .hasMessageContaining("ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0");
        }
    }
}
