package io.fastimage.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The packaged jar ({@code target/fastimage.jar}) started as its own process, as users start it, on a
 * free port with one worker; its output goes to a log file. For the tests that run after {@code package}.
 */
public final class PackagedService implements AutoCloseable {

    private final Process process;
    private final URI base;
    private final Path log;

    private PackagedService(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts the jar with {@code models}, after {@code environment} has changed the inherited environment. */
    public static PackagedService start(Path models, Consumer<Map<String, String>> environment) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("service", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "fastimage.jar").toString(), "--server.port=" + port,
                "--fastimage.models=" + models, "--fastimage.limits.workers=1"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        environment.accept(builder.environment());
        return new PackagedService(builder.start(), URI.create("http://localhost:" + port), log);
    }

    public Process process() {
        return process;
    }

    public URI base() {
        return base;
    }

    /** A client of this service. */
    public ServiceClient client() {
        return ServiceClient.of(base);
    }

    /** Waits for readiness (models loaded and warmed up); a failure shows the service's log. */
    public void awaitReady() throws InterruptedException {
        try {
            client().awaitReady();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + log(), e);
        }
    }

    /** What the service has logged so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
