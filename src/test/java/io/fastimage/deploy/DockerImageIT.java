package io.fastimage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.ConformanceKit;
import io.fastimage.operator.exact.ReferenceOperators;
import io.fastimage.web.ServiceClient;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the image from the repository's Dockerfile (with the packaged jar, PREBUILT_JAR=true) on the real
 * Docker engine, runs it the way the chart does (non-root, read-only root file system, only /tmp writable)
 * and sends a real photo through a reference operator over HTTP.
 *
 * <p>Needs a Docker engine and local base images: .ci/docker-setup.sh prepares both; FASTIMAGE_BUILD_IMAGE
 * and FASTIMAGE_RUNTIME_IMAGE name other base images. Runs in the integration-test phase, after `package`.
 */
class DockerImageIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path PHOTO = PROJECT.resolve(ConformanceKit.PHOTO);
    private static final int PORT = Integer.parseInt(System.getenv().getOrDefault("FASTIMAGE_IT_PORT", "18089"));
    private static final String OPERATOR = "l0-smoothing";

    private static GenericContainer<?> service;
    private static final ServiceClient client = ServiceClient.local(PORT);

    @BeforeAll
    static void buildAndStart() {
        Path jar = PROJECT.resolve("target/fastimage.jar");
        assertThat(jar).as("run `mvn package` first (failsafe runs after it)").exists();
        ImageFromDockerfile image = new ImageFromDockerfile("fastimage-it:latest", false)
                .withFileFromPath("Dockerfile", PROJECT.resolve("Dockerfile"))
                .withFileFromPath("docker", PROJECT.resolve("docker"))
                .withFileFromPath("pom.xml", PROJECT.resolve("pom.xml"))
                .withFileFromPath("target/fastimage.jar", jar)
                .withBuildArg("PREBUILT_JAR", "true")
                .withBuildArg("BUILD_IMAGE", env("FASTIMAGE_BUILD_IMAGE", "local/fastimage-build:bookworm"))
                .withBuildArg("RUNTIME_IMAGE", env("FASTIMAGE_RUNTIME_IMAGE", "local/fastimage-runtime:bookworm"))
                // No bridge network on the test machines; the build steps need no network at all.
                .withBuildImageCmdModifier(cmd -> cmd.withNetworkMode("host").withPull(false));
        if (Files.isDirectory(PROJECT.resolve("models"))) {
            image.withFileFromPath("models", PROJECT.resolve("models"));
        }
        service = new GenericContainer<>(image)
                .withImagePullPolicy(name -> false)
                .withNetworkMode("host")
                .withEnv("PORT", Integer.toString(PORT))
                // As the chart runs it: nothing may be written outside /tmp, so a container start that
                // tried to unpack the PyTorch natives would fail here.
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true))
                .withTmpFs(Map.of("/tmp", "rw,exec,size=512m"))
                // The image's own HEALTHCHECK (bash /dev/tcp against readiness) decides when it is up.
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(4)));
        service.start();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stop();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Test
    void readinessIsUpAndTheOperatorIsListed() throws Exception {
        HttpResponse<String> readiness = client.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"UP\"");

        HttpResponse<String> operators = client.get("/api/v1/operators");
        assertThat(operators.statusCode()).isEqualTo(200);
        assertThat(operators.body()).contains("\"" + OPERATOR + "\"");
    }

    @Test
    void servesTheShippedModelOfEveryOperator() throws Exception {
        HttpResponse<String> operators = client.get("/api/v1/operators");
        JsonNode list = JsonMapper.builder().build().readTree(operators.body());
        assertThat(list).hasSize(ReferenceOperators.all().size());
        for (JsonNode operator : list) {
            assertThat(operator.get("model").get("available").asBoolean())
                    .as("model of %s: %s", operator.get("id"), operator.get("model").get("reason")).isTrue();
        }

        HttpResponse<byte[]> applied = client.post("/api/v1/operators/" + OPERATOR + "/apply?mode=fast", "image/png",
                Files.readAllBytes(PHOTO));
        assertThat(applied.statusCode()).as(new String(applied.body())).isEqualTo(200);
        assertThat(applied.headers().firstValue("X-Operator-Mode")).hasValue("fast");
    }

    @Test
    void appliesAReferenceOperatorToARealPhoto() throws Exception {
        BufferedImage photo = ImageIO.read(PHOTO.toFile());
        assertThat(photo).as("photo %s", PHOTO).isNotNull();
        BufferedImage crop = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        crop.createGraphics().drawImage(photo.getSubimage(900, 500, 96, 64), 0, 0, null);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(crop, "png", png);

        HttpResponse<byte[]> response = client.post("/api/v1/operators/" + OPERATOR + "/apply?mode=exact", "image/png",
                png.toByteArray(), "Accept", "image/png");

        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        BufferedImage result = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(result).as("response decodes as an image").isNotNull();
        assertThat(result.getWidth()).isEqualTo(96);
        assertThat(result.getHeight()).isEqualTo(64);
        // Smoothing changes a textured photo crop; an echo of the input would fail here.
        long changed = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                changed += (result.getRGB(x, y) & 0xFFFFFF) != (crop.getRGB(x, y) & 0xFFFFFF) ? 1 : 0;
            }
        }
        assertThat(changed).as("pixels the operator changed").isGreaterThan(96 * 64 / 10);
    }

    @Test
    void runsAsANonRootUserThatCannotWriteTheNativesCache() throws Exception {
        ExecResult uid = service.execInContainer("id", "-u");
        assertThat(uid.getStdout().trim()).isNotEmpty().isNotEqualTo("0");

        ExecResult natives = service.execInContainer("bash", "-c", "ls /opt/djl/pytorch/*/ | grep -c 'libtorch_cpu.so'");
        assertThat(natives.getStdout().trim()).as("natives unpacked at build time").isEqualTo("1");
        ExecResult write = service.execInContainer("bash", "-c", "touch /opt/djl/probe");
        assertThat(write.getExitCode()).as("the natives cache is read-only at run time").isNotZero();
    }
}
