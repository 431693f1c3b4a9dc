package io.fastimage.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.codec.OutputFormat;
import io.fastimage.codec.TestFiles;
import io.fastimage.image.Rgb8Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hostile uploads over a real port: over a thousand malformed images made from real ones (truncated,
 * bit-flipped, headers claiming huge sizes, spliced, wrong or missing content types, non-images under
 * image names), decompression bombs, and overload. The service must answer every one with 200 or a
 * clean problem+json 4xx with a stable type, never a 5xx or a hang, and stay ready with its heap intact afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileInputTest {

    private static final long MAX_PIXELS = 4_000_000;
    private static final long SEED = 20_261_128L;
    private static final String FAST_APPLY = "/api/v1/operators/dark-channel-dehazing/apply?mode=exact";
    private static final String SLOW_APPLY = "/api/v1/operators/rudin-osher-fatemi/apply?mode=exact";
    /** A hang shows up as a timeout of the client, far above any honest answer for a 64×48 image. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Heap growth allowed over the whole hostile run, after forced GCs: the images are 64×48, so
     * anything retained per request (1000+ of them) or a leaked decode buffer of a bomb shows up far
     * above this, while JIT, metrics and pool warm-up stay well below it.
     */
    private static final long HEAP_GROWTH_BOUND = 256L * 1024 * 1024;
    private static final int FUZZ_THREADS = 3;
    private static final Path CASES = Path.of("../shared/cases");

    private final AtomicInteger queueFullRetries = new AtomicInteger();
    private final AtomicInteger connectionRetries = new AtomicInteger();

    @LocalServerPort
    int port;

    private ServiceClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("fastimage.models", TestPhotos::emptyModels);
        registry.add("fastimage.limits.max-pixels", () -> MAX_PIXELS);
        // Small enough that six concurrent slow requests overflow it (overload test).
        registry.add("fastimage.limits.workers", () -> 1);
        registry.add("fastimage.limits.queue-capacity", () -> 2);
        registry.add("fastimage.limits.request-timeout", () -> "5s");
    }

    @BeforeEach
    void waitUntilReady() throws Exception {
        client = ServiceClient.local(port).withTimeout(REQUEST_TIMEOUT);
        client.awaitReady();
    }

    /** One hostile upload: what it is, the Content-Type sent (null: none) and the body. */
    record Hostile(String label, String contentType, byte[] body) {
    }

    @Test
    void malformedUploadsAreAnsweredWith200Or4xxAndTheServiceStaysHealthy() throws Exception {
        Map<String, byte[]> originals = originals();
        // The untouched images must work, or every other answer below would prove nothing.
        for (Map.Entry<String, byte[]> original : originals.entrySet()) {
            HttpResponse<byte[]> ok = post(FAST_APPLY, mediaType(original.getKey()), original.getValue());
            assertThat(ok.statusCode()).as(original.getKey() + ": " + text(ok)).isEqualTo(200);
        }
        long baseline = heapUsedAfterGc();

        List<Hostile> cases = hostileCases(originals, new Random(SEED));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(1000);
        Map<Integer, Integer> counts = new TreeMap<>();
        Map<String, Integer> problemTypes = new TreeMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(FUZZ_THREADS);
        try {
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (Hostile hostile : cases) {
                answers.add(pool.submit(() -> send(hostile)));
            }
            for (int i = 0; i < cases.size(); i++) {
                Hostile hostile = cases.get(i);
                HttpResponse<byte[]> response;
                try {
                    response = answers.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(hostile.label() + ": no answer (" + e.getCause() + ")");
                    continue;
                }
                counts.merge(response.statusCode(), 1, Integer::sum);
                String problem = checkAnswer(hostile, response, failures);
                if (problem != null) {
                    problemTypes.merge(response.statusCode() + " " + problem, 1, Integer::sum);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long heapGrowth = heapUsedAfterGc() - baseline;
        System.out.printf("HostileInputTest: %d hostile uploads in %.1f s with %d threads; statuses %s; problems %s;"
                + " retries after 429 %d, after a dropped connection %d; heap growth after GC %d MB (bound %d MB)%n",
                cases.size(), seconds, FUZZ_THREADS, counts, problemTypes, queueFullRetries.get(), connectionRetries.get(),
                heapGrowth >> 20, HEAP_GROWTH_BOUND >> 20);

        assertThat(failures).as("answers that were not 200 or clean problem+json 4xx").isEmpty();
        // The corpus really exercises both sides: some damaged images still decode, most are refused.
        assertThat(counts).containsKeys(200, 415, 422);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> after = post(FAST_APPLY, "image/jpeg", originals.get("jpeg"));
        assertThat(after.statusCode()).as(text(after)).isEqualTo(200);
        assertThat(heapGrowth).as("heap growth over the hostile run").isLessThan(HEAP_GROWTH_BOUND);
    }

    @Test
    void tinyFilesDeclaringHugeSizesAreRefusedQuicklyFromTheHeader() throws Exception {
        byte[] png = TestPhotos.encode(TestPhotos.photo(64, 48), OutputFormat.PNG);
        byte[] jpeg = TestPhotos.encode(TestPhotos.photo(64, 48), OutputFormat.JPEG);
        // JPEG stores sizes in 16 bits: 65535 × 65535 is its largest claim (4.3 gigapixels).
        Map<String, Object[]> bombs = new LinkedHashMap<>();
        bombs.put("png header only", new Object[] {"image/png", TestFiles.pngHeaderOnly(100_000, 100_000)});
        bombs.put("png with data", new Object[] {"image/png", withPngSize(png, 100_000, 100_000, true)});
        bombs.put("jpeg with data", new Object[] {"image/jpeg", withJpegSize(jpeg, 65_535, 65_535)});
        for (Map.Entry<String, Object[]> bomb : bombs.entrySet()) {
            byte[] body = (byte[]) bomb.getValue()[1];
            assertThat(body.length).isLessThan(10_000);
            long start = System.nanoTime();
            HttpResponse<byte[]> response = post(FAST_APPLY, (String) bomb.getValue()[0], body);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(response.statusCode()).as(bomb.getKey() + ": " + text(response)).isEqualTo(422);
            assertThat(text(response)).contains("urn:fastimage:problem:too-many-pixels");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(millis).as(bomb.getKey() + " answer time (ms)").isLessThan(2_000);
        }
    }

    @Test
    void overloadIsAnsweredWith429AndAcceptedWorkStillFinishes() throws Exception {
        // 1 worker + 2 queue places; 6 at once is twice the capacity.
        byte[] slow = TestPhotos.encode(TestPhotos.photo(400, 300), OutputFormat.JPEG);
        Map<Integer, Integer> counts = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        boolean retryAfterSeen = false;
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<HttpResponse<byte[]>>> calls = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    calls.add(pool.submit(() -> post(SLOW_APPLY, "image/jpeg", slow)));
                }
                for (Future<HttpResponse<byte[]>> call : calls) {
                    HttpResponse<byte[]> response = call.get();
                    int status = response.statusCode();
                    counts.merge(status, 1, Integer::sum);
                    if (status == 429) {
                        retryAfterSeen |= response.headers().firstValue("Retry-After").isPresent()
                                && text(response).contains("urn:fastimage:problem:queue-full");
                    } else if (status == 503) {
                        if (!text(response).contains("urn:fastimage:problem:timeout")) {
                            unexpected.add("503 that is not a timeout: " + text(response));
                        }
                    } else if (status != 200) {
                        unexpected.add(status + ": " + text(response));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("HostileInputTest overload: 3 rounds of 6 in %.1f s; statuses %s%n",
                (System.nanoTime() - start) / 1e9, counts);
        assertThat(unexpected).isEmpty();
        assertThat(counts).containsKeys(200, 429);
        assertThat(retryAfterSeen).as("a 429 with Retry-After and type queue-full").isTrue();
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    // ---- the hostile corpus ----

    /** The media type of an original: its key, or the key's last dot-separated part, is the subtype. */
    private static String mediaType(String key) {
        return "image/" + key.substring(key.lastIndexOf('.') + 1);
    }

    /**
     * The same small photo in every accepted format, keyed by its media subtype, and the issue-20 files whose
     * decoding reads more of the file (ICC segments, animation frames, TIFF alpha through ImageIO).
     */
    private static Map<String, byte[]> originals() throws IOException {
        Rgb8Image photo = TestPhotos.photo(64, 48);
        Map<String, byte[]> originals = new LinkedHashMap<>();
        originals.put("png", TestPhotos.encode(photo, OutputFormat.PNG));
        originals.put("jpeg", TestPhotos.encode(photo, OutputFormat.JPEG));
        originals.put("webp", TestPhotos.encode(photo, OutputFormat.WEBP));
        originals.put("bmp", imageIo(photo, "bmp"));
        originals.put("tiff", imageIo(photo, "tiff"));
        for (String name : new String[] {"adobergb_icc.jpg", "animated.webp", "rgba_unassociated.tif", "grey_trns.png"}) {
            String extension = name.substring(name.lastIndexOf('.') + 1);
            String subtype = extension.equals("jpg") ? "jpeg" : extension.equals("tif") ? "tiff" : extension;
            originals.put(name.substring(0, name.lastIndexOf('.')) + "." + subtype, Files.readAllBytes(CASES.resolve(name)));
        }
        return originals;
    }

    private static byte[] imageIo(Rgb8Image photo, String format) throws IOException {
        BufferedImage image = new BufferedImage(photo.width(), photo.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] rgb = photo.pixels();
        for (int y = 0; y < photo.height(); y++) {
            for (int x = 0; x < photo.width(); x++) {
                int i = (y * photo.width() + x) * 3;
                image.setRGB(x, y, (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | rgb[i + 2] & 0xFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
        return out.toByteArray();
    }

    private static List<Hostile> hostileCases(Map<String, byte[]> originals, Random random) {
        List<Hostile> cases = new ArrayList<>();
        for (Map.Entry<String, byte[]> original : originals.entrySet()) {
            String format = original.getKey();
            String type = mediaType(format);
            byte[] bytes = original.getValue();
            // Truncation: every offset in the header region, then spread over the whole file.
            for (int length = 0; length < 64; length += 2) {
                cases.add(new Hostile(format + " cut at " + length, type, Arrays.copyOf(bytes, length)));
            }
            for (int i = 1; i <= 24; i++) {
                int length = (int) ((long) bytes.length * i / 25);
                cases.add(new Hostile(format + " cut at " + length, type, Arrays.copyOf(bytes, length)));
            }
            // Random bit flips anywhere, and concentrated in the header where sizes and offsets live.
            for (int i = 0; i < 60; i++) {
                cases.add(new Hostile(format + " bit flips #" + i, type, flipBits(bytes, 1 + random.nextInt(8), bytes.length, random)));
            }
            for (int i = 0; i < 24; i++) {
                cases.add(new Hostile(format + " header bit flips #" + i, type,
                        flipBits(bytes, 1 + random.nextInt(3), Math.min(bytes.length, 64), random)));
            }
            // Splicing: a byte range deleted or duplicated (chunks and segments out of place).
            for (int i = 0; i < 30; i++) {
                cases.add(new Hostile(format + " splice #" + i, type, splice(bytes, random)));
            }
            // Valid magic followed by garbage.
            for (int prefix : new int[] {2, 4, 8, 12, 16, 26, 33}) {
                for (int garbage : new int[] {0, 7, 300, 5000}) {
                    byte[] body = Arrays.copyOf(bytes, Math.min(prefix, bytes.length) + garbage);
                    for (int j = Math.min(prefix, bytes.length); j < body.length; j++) {
                        body[j] = (byte) random.nextInt(256);
                    }
                    cases.add(new Hostile(format + " magic " + prefix + " + garbage " + garbage, type, body));
                }
            }
            // Trailing garbage after a complete image.
            for (int garbage : new int[] {1, 16, 1000}) {
                byte[] body = Arrays.copyOf(bytes, bytes.length + garbage);
                for (int j = bytes.length; j < body.length; j++) {
                    body[j] = (byte) random.nextInt(256);
                }
                cases.add(new Hostile(format + " + trailing " + garbage, type, body));
            }
            // The whole image under a wrong, generic, non-image or missing Content-Type.
            for (String other : new String[] {"image/png", "image/jpeg", "image/gif", "image/x-nonsense",
                    "application/octet-stream", "text/plain", "application/json", "image/", "not a type", null,
                    "image/jpeg; charset=binary", "multipart/form-data"}) {
                cases.add(new Hostile(format + " sent as " + other, other, bytes));
            }
        }
        // Header fields rewritten to huge, zero or negative sizes.
        int[][] sizes = {{100_000, 100_000}, {65_535, 65_535}, {1, 1 << 30}, {1 << 30, 1}, {0, 0}, {0, 48}, {64, 0},
                {Integer.MAX_VALUE, Integer.MAX_VALUE}, {-1, -1}, {64, 2_000_000}, {65_536, 65_536}, {2000, 2000}};
        for (int[] size : sizes) {
            String label = size[0] + "x" + size[1];
            cases.add(new Hostile("png IHDR " + label, "image/png", withPngSize(originals.get("png"), size[0], size[1], true)));
            cases.add(new Hostile("png IHDR bad crc " + label, "image/png", withPngSize(originals.get("png"), size[0], size[1], false)));
            cases.add(new Hostile("jpeg SOF " + label, "image/jpeg", withJpegSize(originals.get("jpeg"), size[0], size[1])));
            cases.add(new Hostile("bmp header " + label, "image/bmp", withBmpSize(originals.get("bmp"), size[0], size[1])));
        }
        // Empty bodies and non-images under image types and names.
        Map<String, byte[]> notImages = new LinkedHashMap<>();
        notImages.put("empty", new byte[0]);
        notImages.put("one byte", new byte[] {(byte) 0x89});
        notImages.put("text", "just some words, not a picture\n".repeat(20).getBytes(StandardCharsets.UTF_8));
        notImages.put("zip", zipMagic(random));
        notImages.put("pdf", ("%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n").getBytes(StandardCharsets.ISO_8859_1));
        notImages.put("gif", "GIF89a\u0040\u0000\u0030\u0000".getBytes(StandardCharsets.ISO_8859_1));
        notImages.put("html", "<!doctype html><html><body><img src=x></body></html>".getBytes(StandardCharsets.UTF_8));
        notImages.put("json", "{\"image\": \"data:image/png;base64,AAAA\"}".getBytes(StandardCharsets.UTF_8));
        notImages.put("elf", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        notImages.put("noise", noise);
        for (Map.Entry<String, byte[]> notImage : notImages.entrySet()) {
            for (String type : new String[] {"image/png", "image/jpeg", "image/webp", "image/bmp", "image/tiff",
                    "application/octet-stream", null}) {
                cases.add(new Hostile(notImage.getKey() + " sent as " + type, type, notImage.getValue()));
            }
        }
        return cases;
    }

    private static byte[] flipBits(byte[] bytes, int flips, int within, Random random) {
        byte[] copy = bytes.clone();
        for (int i = 0; i < flips; i++) {
            copy[random.nextInt(within)] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
    }

    /** A byte range (chunks, segments, parts of them) either removed or repeated in place. */
    private static byte[] splice(byte[] bytes, Random random) {
        int from = random.nextInt(bytes.length);
        int length = 1 + random.nextInt(Math.min(256, bytes.length - from));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, from);
        if (random.nextBoolean()) {
            out.write(bytes, from, length);
            out.write(bytes, from, length);
        }
        out.write(bytes, from + length, bytes.length - from - length);
        return out.toByteArray();
    }

    private static byte[] zipMagic(Random random) {
        byte[] zip = new byte[512];
        random.nextBytes(zip);
        zip[0] = 'P';
        zip[1] = 'K';
        zip[2] = 3;
        zip[3] = 4;
        return zip;
    }

    /** The PNG with its IHDR width and height replaced, the chunk's CRC recomputed or left stale. */
    private static byte[] withPngSize(byte[] png, int width, int height, boolean fixCrc) {
        byte[] copy = png.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy); // big-endian, as PNG
        assertThat(new String(copy, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("IHDR");
        buffer.putInt(16, width).putInt(20, height);
        if (fixCrc) {
            CRC32 crc = new CRC32();
            crc.update(copy, 12, 17);
            buffer.putInt(29, (int) crc.getValue());
        }
        return copy;
    }

    /** The JPEG with its frame header's sizes replaced (16 bits each, so larger values wrap). */
    private static byte[] withJpegSize(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        int i = 2;
        while (i + 9 < copy.length) {
            int marker = copy[i + 1] & 0xFF;
            int length = (copy[i + 2] & 0xFF) << 8 | copy[i + 3] & 0xFF;
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame) {
                copy[i + 5] = (byte) (height >> 8);
                copy[i + 6] = (byte) height;
                copy[i + 7] = (byte) (width >> 8);
                copy[i + 8] = (byte) width;
                return copy;
            }
            i += 2 + length;
        }
        throw new IllegalArgumentException("no JPEG frame header");
    }

    /** The BMP with its info header's width and height (little-endian, signed) replaced. */
    private static byte[] withBmpSize(byte[] bmp, int width, int height) {
        byte[] copy = bmp.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(18, width).putInt(22, height);
        return copy;
    }

    // ---- HTTP ----

    /**
     * Posts one hostile upload. A 429 is retried (the worker's queue place is freed just after its answer
     * leaves, so three client threads can briefly meet a full queue): every input must reach the decoder.
     */
    private HttpResponse<byte[]> send(Hostile hostile) throws Exception {
        HttpResponse<byte[]> response = postOnce(hostile);
        for (int retry = 0; retry < 100 && response.statusCode() == 429; retry++) {
            queueFullRetries.incrementAndGet();
            Thread.sleep(20);
            response = postOnce(hostile);
        }
        return response;
    }

    private HttpResponse<byte[]> postOnce(Hostile hostile) throws Exception {
        try {
            return post(FAST_APPLY, hostile.contentType(), hostile.body());
        } catch (HttpTimeoutException hang) {
            throw hang;
        } catch (IOException connectionDropped) {
            // A server may answer before reading the whole body and close; one retry tells that apart from a crash.
            connectionRetries.incrementAndGet();
            return post(FAST_APPLY, hostile.contentType(), hostile.body());
        }
    }

    /** Adds a failure for anything but 200 or a clean 4xx; returns the problem type of a 4xx. */
    private static String checkAnswer(Hostile hostile, HttpResponse<byte[]> response, ConcurrentLinkedQueue<String> failures) {
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (status == 200) {
            byte[] body = response.body();
            if (!type.equals("image/png") || body.length < 8 || body[1] != 'P' || body[2] != 'N' || body[3] != 'G') {
                failures.add(hostile.label() + ": 200 without a PNG (" + type + ")");
            }
            return null;
        }
        String text = text(response);
        if (status < 400 || status >= 500) {
            failures.add(hostile.label() + ": " + status + " " + text);
        } else if (!type.startsWith("application/problem+json")) {
            failures.add(hostile.label() + ": " + status + " as " + type + ": " + text);
        } else if (text.contains("at io.") || text.contains("at java.") || text.contains("Exception")
                || !text.contains("\"status\":" + status)) {
            failures.add(hostile.label() + ": " + status + " leaks internals or lacks status: " + text);
        }
        int at = text.indexOf("\"type\":\"urn:fastimage:problem:");
        if (at < 0) {
            failures.add(hostile.label() + ": " + status + " without a stable problem type: " + text);
            return "(none)";
        }
        at += "\"type\":\"".length();
        return text.substring(at + 22, text.indexOf('"', at));
    }

    private static long heapUsedAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.get(path);
    }

    private HttpResponse<byte[]> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return client.post(path, contentType, body);
    }

    private static String text(HttpResponse<byte[]> response) {
        return ServiceClient.text(response);
    }
}
