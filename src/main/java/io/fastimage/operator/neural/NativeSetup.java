package io.fastimage.operator.neural;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Sets up libtorch's CPU kernels before the first network runs, so that a plain {@code java -jar}
 * needs no environment variable.
 *
 * <p>oneDNN (inside libtorch) reads {@code ONEDNN_MAX_CPU_ISA} from the process environment the first
 * time it dispatches a kernel. Its AVX-512 dilated convolutions return NaN on AMD EPYC (libtorch 2.7.1,
 * models/README.md), and on an Intel Xeon with AVX-512 and AMX they are slower than AVX2 (L0 CAN24 at
 * 1.75 MP: 3.81 s against 3.19 s), so AVX2 is the right cap on every x86-64 CPU measured. When the
 * variable is unset it is set here, in the process's own C environment (Java's {@code System.getenv}
 * is a copy and cannot change it); a value the user set is kept.
 */
public final class NativeSetup {

    static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
    static final String DEFAULT_ISA = "AVX2";
    private static final Path JEMALLOC = Path.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");

    private static Choice choice;

    /** The oneDNN cap in force and who chose it; whether jemalloc serves this process's allocations. */
    public record Choice(String isa, String source, boolean jemalloc) {

        /** One line for the start-up log and {@code bench}'s header. */
        public String describe() {
            return "oneDNN instruction set " + isa + " (" + source + "); jemalloc " + (jemalloc ? "preloaded"
                    : "not preloaded: large tensors allocate slower with glibc malloc, see README (Configuration)");
        }
    }

    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private NativeSetup() {
    }

    /**
     * Idempotent; call before the engine's first convolution (the application's main does it first
     * thing). Silent: the service logs {@link Choice#describe()} once logging is set up, and command-line
     * output stays clean.
     */
    public static synchronized Choice configure() {
        if (choice == null) {
            choice = decide(System.getenv(ISA_VARIABLE), System.getProperty("os.arch", ""));
        }
        return choice;
    }

    private static Choice decide(String given, String arch) {
        boolean jemalloc = jemallocLoaded();
        if (given != null && !given.isBlank()) {
            return new Choice(given, "from the environment", jemalloc);
        }
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return new Choice("default", "not x86-64: oneDNN's own choice", jemalloc);
        }
        if (libtorchLoaded()) {
            // oneDNN may already have read its environment; setting it now could not be trusted.
            return new Choice("default", "libtorch was loaded before it could be set: start the JVM with " + ISA_VARIABLE
                    + "=" + DEFAULT_ISA, jemalloc);
        }
        LibC libc = Native.load("c", LibC.class);
        if (libc.setenv(ISA_VARIABLE, DEFAULT_ISA, 0) != 0) {
            throw new IllegalStateException("setenv(" + ISA_VARIABLE + ") failed: errno " + Native.getLastError());
        }
        return new Choice(DEFAULT_ISA, "set by fastimage: AVX-512 kernels return NaN on AMD EPYC and run slower on Intel",
                jemalloc);
    }

    private static boolean libtorchLoaded() {
        return mappedLibraries().contains("libtorch_cpu");
    }

    private static boolean jemallocLoaded() {
        return mappedLibraries().contains(JEMALLOC.getFileName().toString());
    }

    /** The shared objects mapped into this process (Linux); empty where {@code /proc} is not there. */
    private static String mappedLibraries() {
        try {
            return Files.readString(Path.of("/proc/self/maps")).toLowerCase(Locale.ROOT);
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }
}
