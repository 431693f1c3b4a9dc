package io.fastimage.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.codec.DecodeLimits;
import io.fastimage.codec.DecodedImage;
import io.fastimage.codec.ImageDecoder;
import io.fastimage.codec.ImageEncoder;
import io.fastimage.codec.OutputFormat;
import io.fastimage.codec.TestFiles;
import io.fastimage.image.Rgb8Image;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The HTTP API over a real port, with a real model (the authors' L0 network, imported from the
 * conformance kit), a broken model directory, and small limits so every error path is cheap to hit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorApiTest {

    private static final long MAX_BYTES = 3 * 1024 * 1024;
    private static final long MAX_PIXELS = 2_000_000;
    private static final Path MODELS = createModels();

    @LocalServerPort
    int port;

    private ServiceClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("fastimage.models", MODELS::toString);
        registry.add("fastimage.limits.max-bytes", () -> MAX_BYTES + "B");
        registry.add("fastimage.limits.max-pixels", () -> MAX_PIXELS);
        registry.add("fastimage.limits.workers", () -> 1);
        registry.add("fastimage.limits.queue-capacity", () -> 1);
        registry.add("fastimage.limits.request-timeout", () -> "4s");
    }

    /**
     * The authors' L0 model with their parameterized L0 CAN32 beside it as variant {@code parameterized} (its
     * plane declared as {@code lambda} over [0.002, 0.2]), and a tv-l1 directory whose model.json is not JSON.
     */
    private static Path createModels() {
        try {
            Path root = TestPhotos.modelsWithAuthorsL0AndParameterizedL0();
            Files.createDirectories(root.resolve("tv-l1"));
            Files.writeString(root.resolve("tv-l1/model.json"), "{ not json");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void waitUntilReady() throws Exception {
        client = ServiceClient.local(port);
        client.awaitReady();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.get(path);
    }

    private HttpResponse<byte[]> postRaw(String path, String contentType, byte[] body, String... headers) throws Exception {
        return client.post(path, contentType, body, headers);
    }

    private static String text(HttpResponse<byte[]> response) {
        return ServiceClient.text(response);
    }

    private static void assertProblem(HttpResponse<byte[]> response, int status, String typeSlug) {
        Problems.assertProblem(response, status, typeSlug);
    }

    private static byte[] jpeg(int width, int height) {
        return TestPhotos.encode(TestPhotos.photo(width, height), OutputFormat.JPEG);
    }

    private static DecodedImage decode(byte[] bytes) {
        return new ImageDecoder(new DecodeLimits(1L << 30, 100_000_000L)).decode(bytes);
    }

    @Test
    void listsTheTenOperatorsWithModelAvailabilityAndParameters() throws Exception {
        HttpResponse<String> response = get("/api/v1/operators");
        assertThat(response.statusCode()).isEqualTo(200);
        String body = response.body();
        for (String id : List.of("l0-smoothing", "rudin-osher-fatemi", "tv-l1", "relative-total-variation",
                "multiscale-tone", "detail-manipulation", "photographic-style", "dark-channel-dehazing",
                "nonlocal-dehazing", "pencil-drawing")) {
            assertThat(body).contains("\"id\":\"" + id + "\"");
        }
        HttpResponse<String> l0 = get("/api/v1/operators/l0-smoothing");
        assertThat(l0.body()).contains("\"available\":true").contains("\"normalizationStatistics\"")
                .contains("\"name\":\"lambda\"");
        assertThat(get("/api/v1/operators/tv-l1").body()).contains("\"available\":false").contains("model.json");
        assertThat(get("/api/v1/operators/pencil-drawing").body()).contains("no trained model");
    }

    @Test
    void fastModeRefusesAParameterOutsideTheNetworksTrainedRangeNamingTheRange() throws Exception {
        HttpResponse<byte[]> response = postRaw("/api/v1/operators/l0-smoothing/apply?variant=parameterized&lambda=0.5",
                "image/jpeg", jpeg(64, 48));
        assertProblem(response, 400, "invalid-parameter");
        assertThat(text(response)).contains("lambda").contains("[0.002, 0.2]");
        // A value too large for a double is shown as given (the operator's own range is checked first).
        HttpResponse<byte[]> huge = postRaw("/api/v1/operators/l0-smoothing/apply?variant=parameterized&lambda=1e309",
                "image/jpeg", jpeg(64, 48));
        assertProblem(huge, 400, "invalid-parameter");
        assertThat(text(huge)).contains("1e309 is out of range").doesNotContain("Infinity");
        HttpResponse<byte[]> unknown = postRaw("/api/v1/operators/l0-smoothing/apply?variant=parameterized&kappa=3",
                "image/jpeg", jpeg(64, 48));
        assertProblem(unknown, 400, "invalid-parameter");
        assertThat(text(unknown)).contains("it takes lambda");
        // A network without parameter planes takes no parameters in fast mode.
        HttpResponse<byte[]> builtIn = postRaw("/api/v1/operators/l0-smoothing/apply?lambda=0.02", "image/jpeg", jpeg(64, 48));
        assertProblem(builtIn, 400, "invalid-parameter");
        assertThat(text(builtIn)).contains("has its parameters built in and takes none (given: lambda)");
        // A name the operator does not have is a typo in fast mode too, told as in exact mode.
        HttpResponse<byte[]> typo = postRaw("/api/v1/operators/l0-smoothing/apply?varient=can24", "image/jpeg", jpeg(64, 48));
        assertProblem(typo, 400, "invalid-parameter");
        assertThat(text(typo)).contains("unknown parameter 'varient'; known: lambda");
        // Which of two values was meant is not guessed.
        HttpResponse<byte[]> twice = postRaw("/api/v1/operators/l0-smoothing/apply?variant=can24&variant=guided",
                "image/jpeg", jpeg(64, 48));
        assertProblem(twice, 400, "invalid-parameter");
        assertThat(text(twice)).contains("parameter 'variant' is given more than once").contains("\"parameter\":\"variant\"");
    }

    @Test
    void fastModeFeedsAParameterWithinTheTrainedRangeToTheNetwork() throws Exception {
        byte[] photo = jpeg(96, 64);
        HttpResponse<byte[]> light = postRaw("/api/v1/operators/l0-smoothing/apply?variant=parameterized&lambda=0.002",
                "image/jpeg", photo);
        HttpResponse<byte[]> strong = postRaw("/api/v1/operators/l0-smoothing/apply?variant=parameterized&lambda=0.2",
                "image/jpeg", photo);
        assertThat(light.statusCode()).as(text(light)).isEqualTo(200);
        assertThat(strong.statusCode()).as(text(strong)).isEqualTo(200);
        assertThat(decode(light.body()).rgb().pixels()).isNotEqualTo(decode(strong.body()).rgb().pixels());
        String listing = get("/api/v1/operators/l0-smoothing").body();
        assertThat(listing).contains("\"name\":\"parameterized\"")
                .contains("\"parameters\":[{\"name\":\"lambda\",\"defaultValue\":0.01,\"min\":0.002,\"max\":0.2,\"scale\":\"log\"}]");
    }

    @Test
    void appliesTheModelToAJpegAndAnswersAPngOfTheSameSize() throws Exception {
        HttpResponse<byte[]> response = postRaw("/api/v1/operators/l0-smoothing/apply", "image/jpeg", jpeg(240, 160));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(response.headers().firstValue("X-Model-Version")).hasValueSatisfying(v -> assertThat(v).startsWith("sha256:"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Server-Timing")).hasValueSatisfying(
                v -> assertThat(v).contains("decode;dur=").contains("inference;dur=").contains("encode;dur="));
        DecodedImage result = decode(response.body());
        assertThat(result.rgb().width()).isEqualTo(240);
        assertThat(result.rgb().height()).isEqualTo(160);
    }

    @Test
    void multipartUploadAndAcceptHeaderChooseTheOutputFormat() throws Exception {
        String boundary = UUID.randomUUID().toString();
        byte[] image = jpeg(120, 90);
        HttpResponse<byte[]> response = postRaw("/api/v1/operators/l0-smoothing/apply", ServiceClient.multipartType(boundary),
                ServiceClient.multipart(boundary, "image", "a.jpg", image), "Accept", "image/webp;q=0.9, image/jpeg");
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(decode(response.body()).rgb().width()).isEqualTo(120);
    }

    @Test
    void keepsTheAlphaChannelUnchanged() throws Exception {
        Rgb8Image rgb = TestPhotos.photo(64, 48);
        byte[] alpha = new byte[64 * 48];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (byte) (i % 64 * 4);
        }
        byte[] png = new ImageEncoder().encode(rgb, alpha, OutputFormat.PNG, 100);
        HttpResponse<byte[]> response = postRaw("/api/v1/operators/rudin-osher-fatemi/apply?mode=exact", "image/png", png);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        DecodedImage result = decode(response.body());
        assertThat(result.alpha()).isEqualTo(alpha);
        assertThat(result.rgb()).isNotEqualTo(rgb);
    }

    @Test
    void aGreyPhotoComesBackGreyFromTheNetwork() throws Exception {
        byte[] px = TestPhotos.photo(96, 64).pixels().clone();
        for (int i = 0; i < px.length; i += 3) {
            px[i] = px[i + 2] = px[i + 1];
        }
        byte[] png = new ImageEncoder().encode(new Rgb8Image(96, 64, px), null, OutputFormat.PNG, 100);
        HttpResponse<byte[]> response = postRaw("/api/v1/operators/l0-smoothing/apply", "image/png", png);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        byte[] result = decode(response.body()).rgb().pixels();
        for (int i = 0; i < result.length; i += 3) {
            assertThat(result[i]).as("pixel %d", i / 3).isEqualTo(result[i + 1]).isEqualTo(result[i + 2]);
        }
    }

    @Test
    void exactModeTakesParametersAndRejectsBadOnesWith400() throws Exception {
        byte[] image = jpeg(48, 32);
        HttpResponse<byte[]> ok = postRaw("/api/v1/operators/l0-smoothing/apply?mode=exact&lambda=0.02", "image/jpeg", image);
        assertThat(ok.statusCode()).as(text(ok)).isEqualTo(200);
        assertThat(ok.headers().firstValue("Server-Timing")).hasValueSatisfying(v -> assertThat(v).contains("exact;dur="));
        assertThat(ok.headers().firstValue("X-Operator-Mode")).hasValue("exact");

        HttpResponse<byte[]> outOfRange = postRaw("/api/v1/operators/l0-smoothing/apply?mode=exact&lambda=7", "image/jpeg", image);
        assertProblem(outOfRange, 400, "invalid-parameter");
        assertThat(text(outOfRange)).contains("lambda").contains("allowed");

        assertProblem(postRaw("/api/v1/operators/l0-smoothing/apply?mode=exact&bogus=1", "image/jpeg", image), 400,
                "invalid-parameter");
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/apply?lambda=0.02", "image/jpeg", image), 400,
                "invalid-parameter");
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/apply?mode=fastest", "image/jpeg", image), 400,
                "invalid-parameter");
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/apply?format=png&quality=80", "image/jpeg", image), 400,
                "invalid-parameter");
    }

    @Test
    void deprecatedModeWordsModelAndReferenceStillWorkAndAnswerInTheNewWords() throws Exception {
        byte[] image = jpeg(48, 32);
        HttpResponse<byte[]> reference = postRaw("/api/v1/operators/l0-smoothing/apply?mode=reference&lambda=0.02",
                "image/jpeg", image);
        assertThat(reference.statusCode()).as(text(reference)).isEqualTo(200);
        assertThat(reference.headers().firstValue("X-Operator-Mode")).hasValue("exact");
        HttpResponse<byte[]> model = postRaw("/api/v1/operators/l0-smoothing/apply?mode=MODEL", "image/jpeg", image);
        assertThat(model.statusCode()).as(text(model)).isEqualTo(200);
        assertThat(model.headers().firstValue("X-Operator-Mode")).hasValue("fast");
        assertThat(model.headers().firstValue("X-Model-Version")).isPresent();
        HttpResponse<byte[]> wrong = postRaw("/api/v1/operators/l0-smoothing/apply?mode=network", "image/jpeg", image);
        assertProblem(wrong, 400, "invalid-parameter");
        assertThat(text(wrong)).contains("'fast'").contains("'exact'");
    }

    @Test
    void unknownOperatorIs404() throws Exception {
        assertProblem(postRaw("/api/v1/operators/sharpen/apply", "image/jpeg", jpeg(16, 16)), 404, "unknown-operator");
        assertThat(get("/api/v1/operators/..%2F..%2Fetc").statusCode()).isIn(400, 404);
        // The id as sent, letters of any script kept, a bidirectional override (U+202E) not.
        HttpResponse<byte[]> accented = postRaw("/api/v1/operators/l0-sm%C3%B6othing%E2%80%AE/apply", "image/jpeg", jpeg(16, 16));
        assertProblem(accented, 404, "unknown-operator");
        assertThat(text(accented)).contains("no operator with id 'l0-sm\u00f6othing?'");
        HttpResponse<String> trailingSlash = get("/api/v1/operators/l0-smoothing/");
        assertThat(trailingSlash.statusCode()).isEqualTo(404);
        assertThat(trailingSlash.body()).contains("no endpoint at /api/v1/operators/l0-smoothing/ (without the trailing slash");
    }

    @Test
    void bodyThatIsNotAnImageIs415() throws Exception {
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/apply", "image/png",
                "%PDF-1.4 not an image".getBytes(StandardCharsets.US_ASCII)), 415, "unsupported-type");
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/apply", "text/plain",
                "hello".getBytes(StandardCharsets.US_ASCII)), 415, "unsupported-type");
    }

    @Test
    void undecodableImageIs422() throws Exception {
        byte[] jpeg = jpeg(64, 64);
        byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length / 2);
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/apply", "image/jpeg", truncated), 422, "undecodable");
    }

    @Test
    void tooManyPixelsIs422FromTheHeaderAlone() throws Exception {
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/apply", "image/png", TestFiles.pngHeaderOnly(3000, 3000)), 422,
                "too-many-pixels");
    }

    @Test
    void tooManyBytesIs413() throws Exception {
        byte[] big = new byte[(int) MAX_BYTES + 1];
        System.arraycopy(jpeg(16, 16), 0, big, 0, 100);
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/apply", "image/jpeg", big), 413, "too-many-bytes");
    }

    @Test
    void variantChoosesTheNetworkAndAnUnknownOneIs400NamingTheKnownOnes() throws Exception {
        byte[] image = jpeg(48, 32);
        HttpResponse<byte[]> named = postRaw("/api/v1/operators/l0-smoothing/apply?variant=default", "image/jpeg", image);
        assertThat(named.statusCode()).as(text(named)).isEqualTo(200);
        assertThat(named.headers().firstValue("X-Model-Variant")).hasValue("default");
        HttpResponse<byte[]> parameterized = postRaw("/api/v1/operators/l0-smoothing/apply?variant=parameterized",
                "image/jpeg", image);
        assertThat(parameterized.headers().firstValue("X-Model-Variant")).hasValue("parameterized");
        assertThat(text(postRaw("/api/v1/operators/l0-smoothing/compare?variant=parameterized", "image/jpeg", image)))
                .contains("\"variant\":\"parameterized\"");
        HttpResponse<byte[]> unknown = postRaw("/api/v1/operators/l0-smoothing/apply?variant=can32", "image/jpeg", image);
        assertProblem(unknown, 400, "invalid-parameter");
        assertThat(text(unknown)).contains("unknown variant 'can32'; known: default, parameterized");
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/compare?variant=can32", "image/jpeg", image), 400,
                "invalid-parameter");
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/apply?mode=reference&variant=default", "image/jpeg", image),
                400, "invalid-parameter");
        assertThat(get("/api/v1/operators/l0-smoothing").body())
                .contains("\"variant\":\"default\",\"parameters\":[],\"variants\":[{\"name\":\"default\",\"isDefault\":true,\"available\":true");
    }

    @Test
    void ensembleAveragesTheNetworkOverFlipsAndTurnsAndOnlyItsSizesAreTaken() throws Exception {
        byte[] image = jpeg(48, 32);
        HttpResponse<byte[]> single = postRaw("/api/v1/operators/l0-smoothing/apply", "image/jpeg", image);
        HttpResponse<byte[]> eight = postRaw("/api/v1/operators/l0-smoothing/apply?ensemble=8", "image/jpeg", image);
        assertThat(eight.statusCode()).as(text(eight)).isEqualTo(200);
        assertThat(single.headers().firstValue("X-Model-Ensemble")).hasValue("1");
        assertThat(eight.headers().firstValue("X-Model-Ensemble")).hasValue("8");
        assertThat(eight.headers().firstValue("X-Model-Version")).isEqualTo(single.headers().firstValue("X-Model-Version"));
        Rgb8Image averaged = decode(eight.body()).rgb();
        assertThat(averaged.width()).isEqualTo(48);
        assertThat(averaged.height()).isEqualTo(32);
        assertThat(averaged.pixels()).as("the authors' network is not equivariant to flips and turns")
                .isNotEqualTo(decode(single.body()).rgb().pixels());
        HttpResponse<byte[]> compared = postRaw("/api/v1/operators/l0-smoothing/compare?ensemble=2", "image/jpeg", image);
        assertThat(fastResult(compared)).isNotEmpty();
        assertThat(text(compared)).contains("\"variant\":\"default\",\"ensemble\":2}")
                .contains("\"modelVersion\":null,\"variant\":null,\"ensemble\":null}");
        for (String size : new String[] {"3", "0", "16", "two", ""}) {
            HttpResponse<byte[]> refused = postRaw("/api/v1/operators/l0-smoothing/apply?ensemble=" + size, "image/jpeg", image);
            assertProblem(refused, 400, "invalid-parameter");
            assertThat(text(refused)).contains("ensemble must be 1, 2, 4 or 8").contains("\"parameter\":\"ensemble\"");
        }
        HttpResponse<byte[]> exact = postRaw("/api/v1/operators/l0-smoothing/apply?mode=exact&ensemble=2", "image/jpeg", image);
        assertProblem(exact, 400, "invalid-parameter");
        assertThat(text(exact)).contains("applies only to mode=fast");
        HttpResponse<byte[]> exactAlone = postRaw("/api/v1/operators/l0-smoothing/apply?mode=exact", "image/jpeg", image);
        assertThat(exactAlone.headers().firstValue("X-Model-Ensemble")).isEmpty();
        // A network's own parameters reach every member.
        HttpResponse<byte[]> parameterized = postRaw(
                "/api/v1/operators/l0-smoothing/apply?variant=parameterized&lambda=0.2&ensemble=2", "image/jpeg", image);
        assertThat(parameterized.statusCode()).as(text(parameterized)).isEqualTo(200);
        assertThat(parameterized.headers().firstValue("X-Model-Ensemble")).hasValue("2");
        assertThat(get("/api/v1/operators/l0-smoothing").body()).contains("\"ensembles\":[1,2,4,8]");
    }

    @Test
    void unavailableModelIs503WithItsReason() throws Exception {
        HttpResponse<byte[]> broken = postRaw("/api/v1/operators/tv-l1/apply", "image/jpeg", jpeg(16, 16));
        assertProblem(broken, 503, "operator-unavailable");
        assertThat(text(broken)).contains("model.json");
        assertProblem(postRaw("/api/v1/operators/pencil-drawing/apply", "image/jpeg", jpeg(16, 16)), 503,
                "operator-unavailable");
    }

    @Test
    void unacceptableAcceptHeaderIs406() throws Exception {
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/apply", "image/jpeg", jpeg(16, 16), "Accept", "image/gif"),
                406, "not-acceptable");
    }

    @Test
    void compareReturnsBothResultsAndTheirAgreement() throws Exception {
        HttpResponse<byte[]> response = postRaw("/api/v1/operators/l0-smoothing/compare", "image/jpeg", jpeg(96, 64));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        String json = text(response);
        assertThat(json).contains("\"psnr\":").contains("\"ssim\":").contains("data:image/png;base64,")
                .contains("\"inference\":").contains("\"exact\":");
    }

    @Test
    void compareRefusesTheOptionsItFixesRatherThanIgnoringThem() throws Exception {
        for (String option : new String[] {"mode=exact", "format=webp", "quality=80"}) {
            HttpResponse<byte[]> refused = postRaw("/api/v1/operators/no-such-operator/compare?" + option, "image/jpeg",
                    jpeg(48, 32));
            assertProblem(refused, 400, "invalid-parameter");
            String name = option.substring(0, option.indexOf('='));
            assertThat(text(refused)).contains("\"parameter\":\"" + name + "\"").contains("applies to apply only");
        }
    }

    @Test
    void compareRunsTheNetworkAtTheSameParametersAsTheExactOperator() throws Exception {
        byte[] image = jpeg(96, 64);
        String light = fastResult(postRaw("/api/v1/operators/l0-smoothing/compare?variant=parameterized&lambda=0.002",
                "image/jpeg", image));
        String strong = fastResult(postRaw("/api/v1/operators/l0-smoothing/compare?variant=parameterized&lambda=0.2",
                "image/jpeg", image));
        assertThat(light).as("the network's result follows lambda").isNotEqualTo(strong);
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/compare?variant=parameterized&lambda=0.5", "image/jpeg", image),
                400, "invalid-parameter");
        // The default network takes no lambda: comparing it with the exact operator at another lambda is refused.
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/compare?lambda=0.02", "image/jpeg", image), 400,
                "invalid-parameter");
    }

    /** The network's result image (data URL) of a compare answer. */
    private static String fastResult(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        java.util.regex.Matcher image = java.util.regex.Pattern.compile("\"fast\":\\{\"image\":\"([^\"]+)\"").matcher(text(response));
        assertThat(image.find()).as(text(response)).isTrue();
        return image.group(1);
    }

    @Test
    void fullQueueIs429AndATimedOutJobIs503AndFreesItsWorker() throws Exception {
        // One worker, one queue place, 4 s timeout: three slow jobs at once cannot all be taken.
        byte[] slow = jpeg(1600, 1200);
        List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(client.postAsync("/api/v1/operators/rudin-osher-fatemi/apply?mode=exact", "image/jpeg", slow));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<byte[]>> call : calls) {
            HttpResponse<byte[]> response = call.get();
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                assertProblem(response, 429, "queue-full");
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
            } else {
                assertProblem(response, 503, "timeout");
            }
        }
        assertThat(statuses).contains(429, 503);
        // The cancelled job released the worker: a small request now succeeds.
        HttpResponse<byte[]> after = postRaw("/api/v1/operators/l0-smoothing/apply", "image/jpeg", jpeg(32, 32));
        assertThat(after.statusCode()).as(text(after)).isEqualTo(200);
    }

    @Test
    void fullQueueIs429BeforeTheUploadIsReadAndCountsAsRejectedNotAsAnError() throws Exception {
        // Fill the one worker and the one queue place with slow jobs (they time out after 4 s).
        byte[] slow = jpeg(1600, 1200);
        List<CompletableFuture<HttpResponse<byte[]>>> busy = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            busy.add(client.postAsync("/api/v1/operators/rudin-osher-fatemi/apply?mode=exact", "image/jpeg", slow));
        }
        awaitGauges("fastimage_workers_active", "fastimage_queue_length");

        // Headers announce a 3 MB upload, but only 16 bytes of it are ever sent: an answer can only
        // come if the service does not wait for the body. Raw and multipart alike.
        for (String contentType : List.of("image/jpeg", "multipart/form-data; boundary=b")) {
            String head = answerHeadWithoutSendingTheBody("/api/v1/operators/l0-smoothing/apply", contentType);
            assertThat(head).as(contentType).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After: ");
        }
        for (CompletableFuture<HttpResponse<byte[]>> call : busy) {
            assertThat(call.get().statusCode()).isEqualTo(503);
        }
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/apply", "image/png",
                "%PDF-1.4 not an image".getBytes(StandardCharsets.US_ASCII)), 415, "unsupported-type");

        String metrics = get("/actuator/prometheus").body();
        assertThat(count(metrics, "l0-smoothing", "fast", "rejected")).isGreaterThanOrEqualTo(2);
        assertThat(count(metrics, "l0-smoothing", "fast", "client_error")).isGreaterThanOrEqualTo(1);
        assertThat(count(metrics, "rudin-osher-fatemi", "exact", "timeout")).isGreaterThanOrEqualTo(2);
        assertThat(metrics).doesNotContain("outcome=\"error\"");
    }

    private String answerHeadWithoutSendingTheBody(String path, String contentType) throws IOException {
        return client.rawHead("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                + "\r\nContent-Length: 3000000\r\n\r\n", "--b\r\nContent-Di".getBytes(StandardCharsets.US_ASCII),
                Duration.ofSeconds(3));
    }

    /** Waits until each named gauge reads 1. */
    private void awaitGauges(String... names) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> metrics = get("/actuator/prometheus").body().lines().toList();
            if (java.util.Arrays.stream(names).allMatch(name -> metrics.stream()
                    .anyMatch(line -> line.startsWith(name) && line.endsWith(" 1.0")))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("gauges never reached 1: " + java.util.Arrays.toString(names));
    }

    /** {@code fastimage_apply_seconds_count} of one operator, mode and outcome (0 when absent). */
    private static double count(String metrics, String operator, String mode, String outcome) {
        return metrics.lines().filter(line -> line.startsWith("fastimage_apply_seconds_count{"))
                .filter(line -> line.contains("operator=\"" + operator + "\"") && line.contains("mode=\"" + mode + "\"")
                        && line.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void actuatorReportsDeviceMetricsAndOpenApi() throws Exception {
        postRaw("/api/v1/operators/l0-smoothing/apply", "image/jpeg", jpeg(32, 32));
        assertProblem(postRaw("/api/v1/operators/l0-smoothing/apply?quality=0", "image/jpeg", jpeg(32, 32)), 400,
                "invalid-parameter");
        assertThat(get("/actuator/info").body()).contains("\"device\"").contains("\"maxPixels\":" + MAX_PIXELS);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("fastimage_apply_seconds_count{").contains("operator=\"l0-smoothing\"")
                .contains("fastimage_queue_length");
        // Options refused before a queue place is taken are not in fastimage_apply_seconds; the requests' own metric has them.
        assertThat(metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count{")
                && line.contains("status=\"400\"") && line.contains("uri=\"/api/v1/operators/{id}/apply\""))).hasSize(1);
        String apiDocs = get("/v3/api-docs").body();
        assertThat(apiDocs).contains("/api/v1/operators/{id}/apply").contains("/api/v1/operators/{id}/compare")
                .doesNotContain("\"/error\"").contains("\"title\":\"fastimage\"")
                .contains("\"name\":\"mode\"", "\"name\":\"variant\"", "\"name\":\"ensemble\"", "\"name\":\"quality\"")
                .contains("\"image/*\"").contains("\"4XX\"").contains("application/problem+json");
        HttpResponse<String> errorPath = get("/error");
        assertThat(errorPath.statusCode()).isEqualTo(404);
        assertThat(errorPath.body()).contains("urn:fastimage:problem:not-found");
        assertThat(get("/api/v1/limits").body()).contains("\"maxBytes\":" + MAX_BYTES);
    }
}
