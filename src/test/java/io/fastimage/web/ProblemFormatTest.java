package io.fastimage.web;

import static io.fastimage.web.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.codec.OutputFormat;
import io.fastimage.codec.TestFiles;
import io.fastimage.web.ServiceClient.RawAnswer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every error status the service can answer, those of its own code and those of the framework and the servlet
 * container (405, 406, 408, 413, 415, missing part, malformed multipart, a body shorter than its Content-Length),
 * over a real port: each is {@code application/problem+json} with a stable {@code type}. Also the two requests that
 * used to be refused: a raw body whose media type has parameters, and a multipart part without a filename.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProblemFormatTest {

    private static final String KEY = "problem-format-test-key";
    private static final long MAX_BYTES = 4L << 20;
    private static final String APPLY = "/api/v1/operators/dark-channel-dehazing/apply?mode=reference";
    private static final int READ_TIMEOUT_SECONDS = 2;

    @LocalServerPort
    int port;

    private ServiceClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("fastimage.models", TestPhotos::emptyModels);
        registry.add("fastimage.api-key", () -> KEY);
        registry.add("fastimage.limits.max-bytes", () -> MAX_BYTES + "B");
        registry.add("fastimage.limits.max-pixels", () -> 4_000_000);
        registry.add("fastimage.limits.workers", () -> 1);
        registry.add("fastimage.limits.queue-capacity", () -> 1);
        registry.add("fastimage.limits.request-timeout", () -> "2s");
        registry.add("server.tomcat.connection-timeout", () -> READ_TIMEOUT_SECONDS + "s");
    }

    @BeforeEach
    void waitUntilReady() throws Exception {
        client = ServiceClient.local(port).withHeaders("X-API-Key", KEY);
        client.awaitReady();
    }

    @Test
    void everyErrorStatusIsAProblemWithAStableType() throws Exception {
        byte[] jpeg = TestPhotos.encode(TestPhotos.photo(64, 48), OutputFormat.JPEG);
        Map<Integer, List<String>> seen = new TreeMap<>();

        check(seen, send("POST", APPLY + "&format=gif", "image/jpeg", jpeg), 400, "invalid-parameter");
        check(seen, send("POST", APPLY, ServiceClient.multipartType("b"), ServiceClient.multipart("b", "photo", "a.jpg", jpeg)), 400, "missing-part");
        check(seen, send("POST", APPLY, ServiceClient.multipartType("b"), ServiceClient.multipart("b", null, "a.jpg", jpeg)), 400, "missing-part");
        check(seen, send("POST", APPLY, ServiceClient.multipartType("b"), ServiceClient.multipart("other-boundary", "image", "a.jpg", jpeg)), 400,
                "missing-part");
        check(seen, send("POST", APPLY, "multipart/form-data", ServiceClient.multipart("b", "image", "a.jpg", jpeg)), 400,
                "malformed-multipart");
        byte[] onePart = ServiceClient.multipart("b", "image", "a.jpg", jpeg);
        byte[] twoParts = java.nio.ByteBuffer.allocate(2 * onePart.length).put(onePart, 0, onePart.length - "\r\n--b--\r\n".length())
                .put("\r\n".getBytes(StandardCharsets.US_ASCII)).put(onePart).array();
        HttpResponse<byte[]> twoImages = send("POST", APPLY, ServiceClient.multipartType("b"), twoParts);
        check(seen, twoImages, 400, "duplicate-part");
        assertThat(new String(twoImages.body(), StandardCharsets.UTF_8)).contains("has 2 parts named 'image'");
        RawAnswer truncated = raw(head("POST", APPLY, "image/jpeg", jpeg.length), java.util.Arrays.copyOf(jpeg, 100), true);
        check(seen, truncated, 400, "truncated-body");
        HttpResponse<byte[]> withoutKey = sendWithoutKey(APPLY, jpeg);
        check(seen, withoutKey, 401, "unauthorized");
        assertThat(new String(withoutKey.body(), StandardCharsets.UTF_8)).contains("send the service's API key");
        HttpResponse<byte[]> wrongKey = ServiceClient.local(port).withHeaders("X-API-Key", KEY + "x")
                .post(APPLY, "image/jpeg", jpeg);
        check(seen, wrongKey, 401, "unauthorized");
        assertThat(new String(wrongKey.body(), StandardCharsets.UTF_8)).contains("the API key sent is not the service's");
        check(seen, send("POST", "/api/v1/operators/sharpen/apply", "image/jpeg", jpeg), 404, "unknown-operator");
        HttpResponse<byte[]> unknownPath = send("GET", "/api/v1/no-such-thing", null, null);
        check(seen, unknownPath, 404, "not-found");
        assertThat(new String(unknownPath.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("no endpoint at /api/v1/no-such-thing").doesNotContain("static resource");
        check(seen, send("GET", APPLY, null, null), 405, "method-not-allowed");
        check(seen, send("DELETE", "/api/v1/limits", null, null), 405, "method-not-allowed");
        check(seen, send("POST", APPLY, "image/jpeg", jpeg, "Accept", "image/gif"), 406, "not-acceptable");
        check(seen, send("GET", "/api/v1/limits", null, null, "Accept", "image/png"), 406, "not-acceptable");
        long start = System.nanoTime();
        RawAnswer stalled = raw(head("POST", APPLY, "image/jpeg", jpeg.length), java.util.Arrays.copyOf(jpeg, 100), false);
        check(seen, stalled, 408, "request-timeout");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds until the 408").isLessThan(READ_TIMEOUT_SECONDS + 10);
        // Declared too large: answered from the header. A raw socket, because a client still sending a body that
        // the server refuses may see the connection close before it reads the answer.
        check(seen, raw(head("POST", APPLY, "image/jpeg", (int) MAX_BYTES + 1), new byte[0], false), 413, "too-many-bytes");
        byte[] bigPart = new byte[(int) MAX_BYTES + 4096];
        HttpResponse<byte[]> bigMultipart = send("POST", APPLY, ServiceClient.multipartType("b"),
                ServiceClient.multipart("b", "image", "big.jpg", bigPart));
        check(seen, bigMultipart, 413, "too-many-bytes");
        assertThat(new String(bigMultipart.body(), StandardCharsets.UTF_8)).as("the raw body's words, not Spring's")
                .contains("\"title\":\"Image too large\"").contains("larger than the limit of " + MAX_BYTES + " bytes");
        check(seen, send("POST", APPLY, "text/plain", "hello".getBytes(StandardCharsets.US_ASCII)), 415, "unsupported-type");
        check(seen, send("POST", APPLY, "application/x-www-form-urlencoded", "a=1&b=2".getBytes(StandardCharsets.US_ASCII)),
                415, "unsupported-type");
        check(seen, send("POST", APPLY, "image/png", "%PDF-1.7".getBytes(StandardCharsets.US_ASCII)), 415, "unsupported-type");
        check(seen, send("POST", APPLY, "image/jpeg", java.util.Arrays.copyOf(jpeg, jpeg.length / 2)), 422, "undecodable");
        check(seen, send("POST", APPLY, "image/png", TestFiles.pngHeaderOnly(3000, 3000)), 422, "too-many-pixels");
        check(seen, send("POST", APPLY, "image/png", TestFiles.pngHeaderOnly(1, 1_000_001)), 422, "side-too-long");
        check(seen, send("POST", "/api/v1/operators/dark-channel-dehazing/apply", "image/jpeg", jpeg), 503, "operator-unavailable");
        overload(seen);

        assertThat(send("GET", "/api/v1/limits", null, null).body()).asString().contains("\"maxSide\":1000000");
        System.out.println("ProblemFormatTest: statuses and types seen " + seen);
        assertThat(seen).containsOnlyKeys(400, 401, 404, 405, 406, 408, 413, 415, 422, 429, 503);
    }

    /** One worker, one queue place, 2 s timeout: of three slow requests at once one waits too long, one finds no place. */
    private void overload(Map<Integer, List<String>> seen) throws Exception {
        byte[] slow = TestPhotos.encode(TestPhotos.photo(1000, 750), OutputFormat.JPEG);
        List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(client.postAsync("/api/v1/operators/rudin-osher-fatemi/apply?mode=reference", "image/jpeg", slow));
        }
        for (CompletableFuture<HttpResponse<byte[]>> call : calls) {
            HttpResponse<byte[]> response = call.get();
            check(seen, response, response.statusCode(), response.statusCode() == 429 ? "queue-full" : "timeout");
        }
        assertThat(seen).containsKeys(429, 503);
    }

    /**
     * Requests the servlet container refuses before any servlet sees them (a request line or header it cannot parse)
     * and an {@code Accept} header that cannot be parsed: still problem+json, whatever the client said it accepts.
     */
    @Test
    void whatTheContainerRefusesAndAnUnparseableAcceptAreProblemsToo() throws Exception {
        Map<Integer, List<String>> seen = new TreeMap<>();
        for (String target : List.of("/api/v1/operators/l0-smoothing?x=a|b", "/api/v1/l0-%FF", "/api/v1/a%2Fb")) {
            check(seen, raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n",
                    new byte[0], false), 400, "bad-request");
        }
        check(seen, raw("GET /api/v1/limits HTTP/1.1\r\nHost: localhost\r\nX-Long: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n", new byte[0], false), 400, "bad-request");
        check(seen, raw("GET /api/v1/limits HTTP/1.1\r\nConnection: close\r\n\r\n", new byte[0], false), 400,
                "bad-request"); // no Host
        check(seen, raw("POST " + APPLY + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\nContent-Length: -5"
                + "\r\nConnection: close\r\n\r\n", new byte[0], false), 400, "bad-request");
        byte[] jpeg = TestPhotos.encode(TestPhotos.photo(64, 48), OutputFormat.JPEG);
        for (String accept : List.of("image/png, foo", "image/", "image/png;q=abc", "garbage///")) {
            check(seen, send("POST", APPLY, "image/jpeg", jpeg, "Accept", accept), 400, "invalid-parameter");
            check(seen, send("GET", "/api/v1/operators", null, null, "Accept", accept), 406, "not-acceptable");
        }
        System.out.println("ProblemFormatTest: container answers seen " + seen);
    }

    @Test
    void aRawBodyIsAcceptedWhateverParametersItsMediaTypeHas() throws Exception {
        byte[] jpeg = TestPhotos.encode(TestPhotos.photo(64, 48), OutputFormat.JPEG);
        for (String type : List.of("image/jpeg; charset=binary", "image/jpeg;q=1", "application/octet-stream; x=y")) {
            HttpResponse<byte[]> response = send("POST", APPLY, type, jpeg);
            assertThat(response.statusCode()).as(type + ": " + new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        }
    }

    @Test
    void aMultipartFilePartWithoutAFilenameIsAccepted() throws Exception {
        // Larger than Tomcat's 2 MB form-field limit: a part without a filename is a form field to Tomcat.
        byte[] jpeg = TestPhotos.encode(TestPhotos.photo(64, 48), OutputFormat.JPEG);
        byte[] padded = java.util.Arrays.copyOf(jpeg, 3 << 20); // bytes after the end-of-image marker are ignored
        for (byte[] image : List.of(jpeg, padded)) {
            HttpResponse<byte[]> response = send("POST", APPLY, ServiceClient.multipartType("b"), ServiceClient.multipart("b", "image", null, image));
            assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        }
    }

    // ---- requests ----

    private HttpResponse<byte[]> send(String method, String path, String contentType, byte[] body, String... headers)
            throws Exception {
        return client.send(client.request(method, path, contentType, body, headers));
    }

    private HttpResponse<byte[]> sendWithoutKey(String path, byte[] jpeg) throws Exception {
        return ServiceClient.local(port).post(path, "image/jpeg", jpeg);
    }

    // ---- a raw socket, for bodies shorter than their Content-Length ----

    private String head(String method, String path, String contentType, int contentLength) {
        // Accept as a browser sends it: the problem is still problem+json.
        return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html,*/*;q=0.8\r\nX-API-Key: " + KEY
                + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + contentLength + "\r\nConnection: close\r\n\r\n";
    }

    private RawAnswer raw(String head, byte[] body, boolean halfClose) throws IOException {
        return client.raw(head, body, halfClose, Duration.ofSeconds(READ_TIMEOUT_SECONDS + 20));
    }

    private static void check(Map<Integer, List<String>> seen, HttpResponse<byte[]> response, int status, String type) {
        assertProblem(response, status, type);
        seen.computeIfAbsent(status, s -> new ArrayList<>()).add(type);
    }

    private static void check(Map<Integer, List<String>> seen, RawAnswer answer, int status, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertProblem(status, answer.contentType(), answer.body(), type);
        seen.computeIfAbsent(status, s -> new ArrayList<>()).add(type);
    }
}
