package io.fastimage.deploy;

import static io.fastimage.deploy.RenderedManifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Validates docker-compose.yml with the real Compose tool ({@code docker-compose config}, or the
 * {@code docker compose} plugin) and checks the resolved service definitions. CI installs the tool
 * (.ci/docker-setup.sh); without it this test fails rather than skips.
 */
class ComposeFileTest {

    @Test
    @SuppressWarnings("unchecked")
    void composeFileIsValidAndDeclaresHealthLimitsModelsAndGpuProfile() throws Exception {
        String resolved = compose("--profile", "gpu", "config");
        Map<String, Object> services = at(new Yaml(new SafeConstructor(new LoaderOptions())).load(resolved), "services");

        Map<String, Object> cpu = (Map<String, Object>) services.get("fastimage");
        assertThat((List<String>) at(cpu, "healthcheck.test")).containsExactly("CMD", "/app/healthcheck.sh");
        assertThat((Object) at(cpu, "deploy.resources.limits.memory")).isNotNull();
        assertThat((Object) at(cpu, "deploy.resources.limits.cpus")).isNotNull();
        assertThat((List<Map<String, Object>>) at(cpu, "volumes")).anySatisfy(volume -> assertThat(volume)
                .containsEntry("target", "/app/models").containsEntry("read_only", true));
        assertThat((Boolean) at(cpu, "read_only")).isTrue();
        assertThat(cpu).doesNotContainKey("profiles");

        Map<String, Object> gpu = (Map<String, Object>) services.get("fastimage-gpu");
        assertThat((List<String>) at(gpu, "profiles")).containsExactly("gpu");
        Map<String, Object> device = at(gpu, "deploy.resources.reservations.devices.0");
        assertThat(device).containsEntry("driver", "nvidia");
        assertThat((List<String>) device.get("capabilities")).containsExactly("gpu");
        assertThat((Map<String, Object>) at(gpu, "environment")).containsEntry("FASTIMAGE_DEVICE", "gpu");
    }

    @Test
    void composeRejectsABrokenFile() throws Exception {
        Path broken = Files.createTempFile("compose-broken", ".yml");
        try {
            Files.writeString(broken, "services:\n  fastimage:\n    image: x\n    ports: 8080\n");
            Process process = start(List.of("-f", broken.toString(), "config"));
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("compose must refuse ports given as a number").isNotZero();
        } finally {
            Files.delete(broken);
        }
    }

    private static String compose(String... arguments) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-f", "docker-compose.yml"));
        args.addAll(List.of(arguments));
        Process process = start(args);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("compose config output:%n%s", output).isZero();
        return output;
    }

    /** Debian's standalone docker-compose when present, else the Docker CLI plugin. */
    private static Process start(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(onPath("docker-compose") ? List.of("docker-compose") : List.of("docker", "compose"));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static boolean onPath(String executable) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }
}
