package io.fastimage.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way tests talk HTTP to a service under test (in-process on a random port, a packaged jar, or a
 * container): requests relative to a base address, with headers every request carries (an API key) and a
 * timeout. HTTP/1.1 only: the client's default h2c upgrade attempt would serialise concurrent requests to
 * one host.
 */
public final class ServiceClient {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final String[] headers;

    private ServiceClient(HttpClient http, URI base, Duration timeout, String[] headers) {
        this.http = http;
        this.base = base;
        this.timeout = timeout;
        this.headers = headers;
    }

    /** A client of {@code base} (scheme, host and port), 60 s per request, no extra headers. */
    public static ServiceClient of(URI base) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return new ServiceClient(http, base, DEFAULT_TIMEOUT, new String[0]);
    }

    /** A client of a service on this machine's {@code port}. */
    public static ServiceClient local(int port) {
        return of(URI.create("http://localhost:" + port));
    }

    /** The same client with {@code timeout} per request. */
    public ServiceClient withTimeout(Duration timeout) {
        return new ServiceClient(http, base, timeout, headers);
    }

    /** The same client adding {@code nameValuePairs} (name, value, name, value, ...) to every request. */
    public ServiceClient withHeaders(String... nameValuePairs) {
        return new ServiceClient(http, base, timeout, nameValuePairs);
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    /** A request for {@code path}: this client's headers and timeout, then {@code extraHeaders}; no content type when null. */
    public HttpRequest.Builder request(String method, String path, String contentType, byte[] body, String... extraHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(timeout)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (extraHeaders.length > 0) {
            request.headers(extraHeaders);
        }
        return request;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request("GET", path, null, null).build(), BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... extraHeaders)
            throws IOException, InterruptedException {
        return send(request("POST", path, contentType, body, extraHeaders));
    }

    /** Sends before the answer is awaited: for tests that keep several requests in flight. */
    public CompletableFuture<HttpResponse<byte[]>> postAsync(String path, String contentType, byte[] body) {
        return http.sendAsync(request("POST", path, contentType, body).build(), BodyHandlers.ofByteArray());
    }

    public HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), BodyHandlers.ofByteArray());
    }

    /**
     * Polls {@code /actuator/health/readiness} until it answers 200 (models loaded and warmed up), for at most
     * two minutes; a separately started service opens its port a few seconds after start.
     *
     * @throws AssertionError if it never does
     */
    public void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
                        BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("service at " + base + " did not become ready");
    }

    /** What a raw exchange answered: the status, the content type (empty if none) and the body as text. */
    public record RawAnswer(int status, String contentType, String body) {
    }

    /**
     * An exchange over a plain socket, for what {@link HttpClient} cannot do: send {@code head} and part of the
     * body, then either close the sending side ({@code halfClose}: the body ends early) or stay open and silent,
     * and read the answer until the service closes the connection.
     *
     * @param head the request line and headers, ending in an empty line
     * @throws java.net.SocketTimeoutException if no complete answer came within {@code readTimeout}
     */
    public RawAnswer raw(String head, byte[] body, boolean halfClose, Duration readTimeout) throws IOException {
        try (Socket socket = open(head, body, readTimeout)) {
            if (halfClose) {
                socket.shutdownOutput();
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(answer);
            if (!status.find()) {
                throw new AssertionError("not an HTTP answer: " + answer);
            }
            Matcher type = Pattern.compile("(?im)^content-type:\\s*(\\S+)").matcher(answer);
            int bodyStart = answer.indexOf("\r\n\r\n");
            return new RawAnswer(Integer.parseInt(status.group(1)), type.find() ? type.group(1) : "",
                    bodyStart < 0 ? "" : answer.substring(bodyStart + 4));
        }
    }

    /**
     * Sends {@code head} and the start of a body over a plain socket and returns the answer's status line and
     * headers as soon as they arrive, without sending the rest: proves the service answers before reading a body.
     *
     * @throws java.net.SocketTimeoutException if the service waited for the body longer than {@code readTimeout}
     */
    public String rawHead(String head, byte[] bodyStart, Duration readTimeout) throws IOException {
        try (Socket socket = open(head, bodyStart, readTimeout)) {
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            while (!answer.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                answer.append((char) b);
            }
            return answer.toString();
        }
    }

    private Socket open(String head, byte[] body, Duration readTimeout) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout((int) readTimeout.toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    public static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    public static String multipartType(String boundary) {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** One JPEG part named {@code name} (unnamed if null), with a filename unless null, delimited by {@code boundary}. */
    public static byte[] multipart(String boundary, String name, String filename, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data" + (name != null ? "; name=\"" + name + "\"" : "")
                + (filename != null ? "; filename=\"" + filename + "\"" : "") + "\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }
}
