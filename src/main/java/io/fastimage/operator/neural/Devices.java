package io.fastimage.operator.neural;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Chooses where networks run from a configuration word. */
public final class Devices {

    private Devices() {
    }

    /** GPUs the engine sees (0 where its natives are the CPU build or no driver is there). */
    public static int gpuCount() {
        NativeSetup.configure();
        return Engine.getInstance().getGpuCount();
    }

    /** {@code device} for the start-up log, saying why a CPU was chosen. */
    public static String describe(Device device) {
        if (device.isGpu()) {
            return device.toString();
        }
        return device + (gpuCount() > 0 ? " (a GPU is visible, fastimage.device=cpu chose the CPU)"
                : " (no GPU visible to the engine: networks run on the CPU)");
    }

    /**
     * {@code auto}: the first GPU if the engine reports one, else the CPU; {@code cpu}; {@code gpu}:
     * the first GPU, failing clearly when there is none.
     */
    public static Device select(String preference) {
        NativeSetup.configure(); // every caller that runs networks comes here before the engine loads
        String word = preference == null ? "" : preference.trim().toLowerCase(Locale.ROOT);
        return switch (word) {
            case "auto" -> Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new IllegalStateException("device 'gpu' requested but the "
                            + Engine.getInstance().getEngineName() + " engine sees no GPU");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("device must be 'auto', 'cpu' or 'gpu', got '" + preference + "'");
        };
    }
}
