package io.fastimage.deploy;

import static io.fastimage.deploy.RenderedManifests.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lints the chart and checks what it renders, with the default values and with the optional features on. */
class HelmChartTest {

    private static final Path CHART = Path.of("helm", "fastimage");

    private static Helm chart() {
        return new Helm(CHART);
    }

    private static Map<String, Object> container(RenderedManifests manifests) {
        return at(manifests.get("Deployment"), "spec.template.spec.containers.0");
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = chart().lint().strict().call();

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    }

    @Test
    void defaultValuesRenderAHardenedCpuDeployment() {
        RenderedManifests manifests = new RenderedManifests(chart().template().withName("fi").call());

        assertThat(manifests.kinds()).contains("Deployment", "Service", "ConfigMap", "PodDisruptionBudget")
                .doesNotContain("HorizontalPodAutoscaler", "ServiceMonitor");
        Map<String, Object> container = container(manifests);
        assertThat((String) at(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) at(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        int startupBudgetSeconds = (int) at(container, "startupProbe.periodSeconds")
                * (int) at(container, "startupProbe.failureThreshold");
        assertThat(startupBudgetSeconds).as("time allowed for JVM start and model loading").isGreaterThanOrEqualTo(180);

        assertThat((Boolean) at(container, "securityContext.readOnlyRootFilesystem")).isTrue();
        assertThat((Boolean) at(container, "securityContext.allowPrivilegeEscalation")).isFalse();
        assertThat((Boolean) at(container, "securityContext.runAsNonRoot")).isTrue();
        assertThat((List<String>) at(container, "securityContext.capabilities.drop")).containsExactly("ALL");
        Map<String, Object> pod = at(manifests.get("Deployment"), "spec.template.spec");
        assertThat((String) at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
        assertThat((int) at(pod, "securityContext.runAsUser")).isNotZero();
        assertThat(pod).doesNotContainKeys("runtimeClassName", "nodeSelector", "tolerations");

        // The only writable place is /tmp (OpenCV unpacks its natives there); models come from the image.
        assertThat((List<Map<String, Object>>) at(container, "volumeMounts"))
                .extracting(m -> m.get("mountPath")).containsExactly("/tmp");
        assertThat((Map<String, Object>) at(container, "resources.limits")).doesNotContainKey("nvidia.com/gpu");

        Map<String, Object> config = at(manifests.get("ConfigMap"), "data");
        assertThat(config).containsEntry("FASTIMAGE_LIMITS_MAX_PIXELS", "50000000")
                .containsEntry("FASTIMAGE_LIMITS_REQUEST_TIMEOUT", "120s")
                .containsEntry("FASTIMAGE_DEVICE", "cpu")
                .containsEntry("PORT", "8080");
        assertThat((String) at(container, "envFrom.0.configMapRef.name"))
                .isEqualTo(at(manifests.get("ConfigMap"), "metadata.name"));
        assertThat((int) at(manifests.get("Deployment"), "spec.replicas")).isEqualTo(1);
    }

    @Test
    void gpuAutoscalingAndMonitoringValuesRenderTheirObjects() {
        RenderedManifests manifests = new RenderedManifests(chart().template().withName("fi")
                .set("gpu.enabled", "true")
                .set("gpu.count", "2")
                .set("autoscaling.enabled", "true")
                .set("serviceMonitor.enabled", "true")
                .call());

        Map<String, Object> container = container(manifests);
        Map<String, Object> limits = at(container, "resources.limits");
        assertThat(limits).containsEntry("nvidia.com/gpu", 2).containsKeys("cpu", "memory");
        Map<String, Object> pod = at(manifests.get("Deployment"), "spec.template.spec");
        assertThat((String) at(pod, "runtimeClassName")).isEqualTo("nvidia");
        assertThat((Map<String, Object>) at(pod, "nodeSelector")).containsEntry("nvidia.com/gpu.present", "true");
        assertThat((List<Map<String, Object>>) at(pod, "tolerations"))
                .extracting(t -> t.get("key")).contains("nvidia.com/gpu");
        assertThat((Map<String, Object>) at(manifests.get("ConfigMap"), "data"))
                .containsEntry("FASTIMAGE_DEVICE", "gpu").containsEntry("PYTORCH_FLAVOR", "cu124");

        Map<String, Object> hpa = manifests.get("HorizontalPodAutoscaler");
        assertThat((String) at(hpa, "spec.scaleTargetRef.name"))
                .isEqualTo(at(manifests.get("Deployment"), "metadata.name"));
        assertThat((String) at(hpa, "spec.metrics.0.resource.name")).isEqualTo("cpu");
        assertThat((Map<String, Object>) at(manifests.get("Deployment"), "spec"))
                .as("the HPA owns the replica count").doesNotContainKey("replicas");

        Map<String, Object> monitor = manifests.get("ServiceMonitor");
        assertThat((String) at(monitor, "spec.endpoints.0.path")).isEqualTo("/actuator/prometheus");
        assertThat((String) at(monitor, "spec.endpoints.0.port")).isEqualTo("http");
    }

    @Test
    void modelsCanComeFromAPersistentVolumeClaimMountedReadOnly() {
        RenderedManifests manifests = new RenderedManifests(chart().template().withName("fi")
                .set("models.source", "persistentVolumeClaim")
                .set("models.persistentVolumeClaim.claimName", "fastimage-models")
                .call());

        Map<String, Object> container = container(manifests);
        assertThat((List<Map<String, Object>>) at(container, "volumeMounts"))
                .anySatisfy(mount -> assertThat(mount).containsEntry("mountPath", "/app/models")
                        .containsEntry("readOnly", true).containsEntry("name", "models"));
        assertThat((List<Map<String, Object>>) at(manifests.get("Deployment"), "spec.template.spec.volumes"))
                .anySatisfy(volume -> assertThat((String) at(volume, "persistentVolumeClaim.claimName"))
                        .isEqualTo("fastimage-models"));
    }

    @Test
    void recommendedValuesRequireAnApiKeyFromASecret() {
        RenderedManifests manifests = new RenderedManifests(chart().template().withName("fi")
                .withValuesFile(java.nio.file.Path.of("helm/fastimage/values-recommended.yaml")).call());

        assertThat((List<Map<String, Object>>) at(container(manifests), "env"))
                .anySatisfy(env -> {
                    assertThat(env).containsEntry("name", "FASTIMAGE_API_KEY");
                    assertThat((String) at(env, "valueFrom.secretKeyRef.name")).isEqualTo("fastimage-api-key");
                    assertThat((String) at(env, "valueFrom.secretKeyRef.key")).isEqualTo("api-key");
                });
        RenderedManifests defaults = new RenderedManifests(chart().template().withName("fi").call());
        assertThat(container(defaults).get("env")).as("no API key by default").isNull();
    }

    @Test
    void rejectsValuesTheSchemaOrTemplatesForbid() {
        assertThatThrownBy(() -> chart().template().set("limits.defaultQuality", "101").call())
                .hasMessageContaining("defaultQuality");
        assertThatThrownBy(() -> chart().template().set("models.source", "persistentVolumeClaim").call())
                .hasMessageContaining("claimName is required");
    }
}
