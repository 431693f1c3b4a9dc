package io.fastimage.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fastimage.codec.DecodeLimits;
import io.fastimage.codec.OutputFormat;
import io.fastimage.operator.OperatorRegistry;
import io.fastimage.operator.exact.ReferenceOperators;
import io.fastimage.pipeline.ProcessingPipeline;
import io.fastimage.pipeline.WorkerPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

/** The controller alone, in the moments a running service rarely shows: before its models have loaded. */
class OperatorControllerTest {

    @Test
    void whileTheModelsLoadAFastRequestIs503WithRetryAfterAndAnExactOneIsNot() throws Exception {
        OperatorRegistry registry = new OperatorRegistry(ReferenceOperators.all()); // modelsLoaded not called yet
        FastImageProperties properties = new FastImageProperties(Path.of("models"), "cpu",
                new FastImageProperties.Limits(DataSize.ofMegabytes(1), 1_000_000, 1, 1, Duration.ofSeconds(10),
                        Duration.ofSeconds(7), 90, 4_194_304), "");
        try (WorkerPool workers = new WorkerPool(1, 1)) {
            OperatorController controller = new OperatorController(registry, new ProcessingPipeline(
                    new DecodeLimits(1 << 20, 1_000_000), workers, Duration.ofSeconds(10)), properties,
                    new RequestMetrics(new SimpleMeterRegistry(), workers));

            ApiException loading = catchThrowableOfType(ApiException.class, () -> controller.applyRaw("tv-l1", null,
                    request("")));
            assertThat(loading.getStatusCode().value()).isEqualTo(503);
            assertThat(loading.getBody().getDetail()).contains("models are still loading");
            assertThat(loading.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
            MockHttpServletRequest exact = request("mode=exact");
            exact.setContent(TestPhotos.encode(TestPhotos.photo(16, 16), OutputFormat.PNG));
            assertThat(controller.applyRaw("tv-l1", null, exact).getStatusCode().value()).isEqualTo(200);
        }
    }

    private static MockHttpServletRequest request(String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/operators/tv-l1/apply");
        request.setQueryString(query);
        request.setContentType("image/png");
        return request;
    }
}
