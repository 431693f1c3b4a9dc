package io.fastimage.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.Core;

/**
 * Loads the OpenCV natives bundled in {@code org.openpnp:opencv} once per process, offline.
 *
 * <p>The library is extracted into a private temporary directory and deleted once loaded (the
 * mapping stays valid). openpnp's own {@code loadLocally()} is avoided where possible: on start it
 * deletes every other process's {@code opencv_openpnp*} directory in {@code /tmp}, so a second JVM
 * on the same host (the CLI next to the service, two test JVMs) could pull the library away from a
 * process that was still loading it — measured as an {@code UnsatisfiedLinkError} in the service.
 */
public final class OpenCv {

    private static volatile boolean loaded;

    private OpenCv() {
    }

    public static void ensureLoaded() {
        if (!loaded) {
            synchronized (OpenCv.class) {
                if (!loaded) {
                    load();
                    loaded = true;
                }
            }
        }
    }

    private static void load() {
        String name = System.mapLibraryName(Core.NATIVE_LIBRARY_NAME);
        String resource = "/nu/pattern/opencv/linux/x86_64/" + name;
        boolean linuxX64 = System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        try (InputStream in = linuxX64 ? OpenCv.class.getResourceAsStream(resource) : null) {
            if (in == null) {
                nu.pattern.OpenCV.loadLocally();
                return;
            }
            Path directory = Files.createTempDirectory("fastimage-opencv");
            Path library = directory.resolve(name);
            try {
                Files.copy(in, library);
                System.load(library.toString());
            } finally {
                Files.deleteIfExists(library);
                Files.deleteIfExists(directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the OpenCV native library", e);
        }
    }
}
