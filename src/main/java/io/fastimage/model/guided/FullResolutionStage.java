package io.fastimage.model.guided;

import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.OutputQuantization;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The full-resolution stage of a {@link GuidedFilterNetwork} in plain Java: A and B (low resolution) upsampled
 * bilinearly exactly as PyTorch's {@code upsample_bilinear2d} with {@code align_corners = false} does on the CPU
 * (source coordinate {@code max(0, (x + ½)·in/out − ½)} in float32, the two taps of each axis, the row taps
 * combined first), then {@code A↑·G(I) + B↑}, clipped and quantized. It is pointwise given A and B, so it runs
 * row by row, in bands of rows on all cores: memory is the output image plus two upsampled rows of A and B per
 * band, whatever the photo's size, and the result does not depend on how the rows are grouped into strips or
 * bands.
 */
final class FullResolutionStage {

    private final float[] a;
    private final float[] b;
    private final int lowWidth;
    private final int lowHeight;
    private final GuidanceMap guidance;
    private final ChannelOrder order;

    /**
     * @param a        A, 3×lowHeight×lowWidth planes (the block's low-resolution output, tensor plane order)
     * @param b        B, the same shape
     * @param guidance the guidance map, or null when the guide is the input
     */
    FullResolutionStage(float[] a, float[] b, int lowWidth, int lowHeight, GuidanceMap guidance, ChannelOrder order) {
        int expected = 3 * lowWidth * lowHeight;
        if (a.length != expected || b.length != expected) {
            throw new IllegalArgumentException("A and B must hold 3×" + lowHeight + "×" + lowWidth + " values");
        }
        this.a = a;
        this.b = b;
        this.lowWidth = lowWidth;
        this.lowHeight = lowHeight;
        this.guidance = guidance;
        this.order = order;
    }

    /** Receives the output's float planes of one row (3 arrays of the photo's width, tensor plane order). */
    interface RowSink {
        void row(int y, float[][] planes);
    }

    /**
     * The 8-bit result for {@code input}, computed {@code stripRows} rows at a time with {@code checkpoint} run
     * before each strip (it throws to cancel).
     */
    Rgb8Image apply(Rgb8Image input, OutputQuantization quantization, int stripRows, Runnable checkpoint) {
        int width = input.width();
        byte[] out = new byte[3 * input.pixelCount()];
        int[] rgbOfPlane = {ImageTensors.plane(0, order), ImageTensors.plane(1, order), ImageTensors.plane(2, order)};
        run(input, stripRows, checkpoint, (y, planes) -> {
            for (int k = 0; k < 3; k++) {
                ImageTensors.toBytes(planes[k], 0, width, out, 3 * y * width + rgbOfPlane[k], 3, quantization);
            }
        });
        return new Rgb8Image(width, input.height(), out);
    }

    /**
     * Runs the stage over all rows of {@code input}, handing each row's unclipped float values to {@code sink}
     * (from several threads at once, each row once: the sink must accept distinct rows concurrently). The rows
     * are cut into strips of {@code stripRows}, {@code checkpoint} runs before each strip, and the strips are
     * shared out in contiguous bands, one per core: the calling thread computes the first band, the common
     * fork-join pool the others. When a checkpoint throws, every band stops at its next strip and the exception
     * reaches the caller; so does an interrupt of the caller while it waits for the other bands (a
     * {@link CancellationException}, the interrupt status kept): the helpers are never interrupted themselves, so
     * the caller, whose thread a request's timeout interrupts, is the one that must notice.
     */
    void run(Rgb8Image input, int stripRows, Runnable checkpoint, RowSink sink) {
        if (stripRows < 1) {
            throw new IllegalArgumentException("strips need at least one row, got " + stripRows);
        }
        int height = input.height();
        Axis columns = new Axis(lowWidth, input.width());
        Axis rows = new Axis(lowHeight, height);
        float[][] fold = guidance == null ? null : foldedGuidance(input);
        int strips = (height + stripRows - 1) / stripRows;
        int bands = Math.min(strips, Runtime.getRuntime().availableProcessors());
        AtomicBoolean stop = new AtomicBoolean();
        List<ForkJoinTask<?>> helpers = new ArrayList<>();
        for (int band = 1; band < bands; band++) {
            int first = band * strips / bands * stripRows;
            int end = Math.min(height, (band + 1) * strips / bands * stripRows);
            helpers.add(ForkJoinPool.commonPool().submit(
                    () -> runRows(input, first, end, stripRows, checkpoint, sink, columns, rows, fold, stop)));
        }
        try {
            runRows(input, 0, Math.min(height, strips / bands * stripRows), stripRows, checkpoint, sink, columns, rows,
                    fold, stop);
        } catch (RuntimeException | Error e) {
            stop.set(true);
            helpers.forEach(helper -> helper.cancel(false));
            throw e;
        }
        for (ForkJoinTask<?> helper : helpers) {
            try {
                helper.get();
            } catch (InterruptedException e) {
                stop.set(true);
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while the guided filter stage ran");
            } catch (ExecutionException e) {
                stop.set(true);
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause; // a band's checkpoint cancelled it, or it failed
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("a band of the guided filter stage failed", e.getCause());
            }
        }
    }

    /**
     * Rows {@code first} to {@code end} (exclusive), a strip at a time, until {@code stop} is set. Each step runs
     * along a whole row (plain loops over float arrays, which the JIT compiles to SIMD); per value the arithmetic
     * and its order are those of {@code A↑·G(x) + B↑} for one pixel.
     */
    private void runRows(Rgb8Image input, int first, int end, int stripRows, Runnable checkpoint, RowSink sink,
                         Axis columns, Axis rows, float[][] fold, AtomicBoolean stop) {
        int width = input.width();
        RowCache cacheA = new RowCache(a, columns);
        RowCache cacheB = new RowCache(b, columns);
        float[][] planes = new float[3][width];
        float[][] x = new float[3][width];
        float[][] g = guidance == null ? x : new float[3][width];
        for (int y = first; y < end; y++) {
            if ((y - first) % stripRows == 0) {
                if (stop.get()) {
                    throw new CancellationException("another band of the guided filter stage failed");
                }
                try {
                    checkpoint.run();
                } catch (RuntimeException | Error e) {
                    stop.set(true);
                    throw e;
                }
            }
            ImageTensors.toPlanes(input.pixels(), y * width, width, order, x);
            if (guidance != null) {
                guidance.apply(x, fold[0], fold[1], width, g);
            }
            float wy0 = rows.weight0[y];
            float wy1 = rows.weight1[y];
            float[][][] rowsA = cacheA.pair(rows.index0[y], rows.index1[y]);
            float[][][] rowsB = cacheB.pair(rows.index0[y], rows.index1[y]);
            for (int k = 0; k < 3; k++) {
                float[] a0 = rowsA[0][k];
                float[] a1 = rowsA[1][k];
                float[] b0 = rowsB[0][k];
                float[] b1 = rowsB[1][k];
                float[] gk = g[k];
                float[] out = planes[k];
                for (int column = 0; column < width; column++) {
                    float upA = a0[column] * wy0 + a1[column] * wy1;
                    float upB = b0[column] * wy0 + b1[column] * wy1;
                    out[column] = upA * gk[column] + upB;
                }
            }
            sink.row(y, planes);
        }
    }

    /**
     * The guidance map folded for this photo ({@link GuidanceMap#fold}) from its per-plane means and 3×3 biased
     * covariance. The sums are of the 8-bit values, exact in integers (a 50 MP photo's products stay below 2^52),
     * and scaled by 1/255 once.
     */
    private float[][] foldedGuidance(Rgb8Image input) {
        byte[] pixels = input.pixels();
        long[] sums = new long[3];
        long[] products = new long[9];
        for (int p = 0; p < pixels.length; p += 3) {
            int r = pixels[p] & 0xff;
            int g = pixels[p + 1] & 0xff;
            int b = pixels[p + 2] & 0xff;
            sums[0] += r;
            sums[1] += g;
            sums[2] += b;
            products[0] += r * r;
            products[1] += r * g;
            products[2] += r * b;
            products[4] += g * g;
            products[5] += g * b;
            products[8] += b * b;
        }
        double n = input.pixelCount();
        double[] mean = new double[3];
        double[] covariance = new double[9];
        for (int i = 0; i < 3; i++) {
            mean[ImageTensors.plane(i, order)] = sums[i] / n / 255;
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i; j < 3; j++) {
                int pi = ImageTensors.plane(i, order);
                int pj = ImageTensors.plane(j, order);
                double value = products[3 * i + j] / n / (255.0 * 255.0) - mean[pi] * mean[pj];
                covariance[3 * pi + pj] = value;
                covariance[3 * pj + pi] = value;
            }
        }
        return guidance.fold(mean, covariance);
    }

    /**
     * PyTorch's linear interpolation taps along one axis ({@code upsample_bilinear2d}, {@code align_corners =
     * false}, no scale given): for each output position its two source indices and their weights, in float32.
     */
    static final class Axis {
        final int[] index0;
        final int[] index1;
        final float[] weight0;
        final float[] weight1;

        Axis(int in, int out) {
            index0 = new int[out];
            index1 = new int[out];
            weight0 = new float[out];
            weight1 = new float[out];
            float scale = (float) in / out;
            for (int d = 0; d < out; d++) {
                float real = scale * (d + 0.5f) - 0.5f;
                if (real < 0) {
                    real = 0;
                }
                int index = Math.min((int) real, in - 1);
                float lambda = Math.min(Math.max(real - index, 0f), 1f);
                index0[d] = index;
                index1[d] = index + (index < in - 1 ? 1 : 0);
                weight0[d] = 1f - lambda;
                weight1[d] = lambda;
            }
        }
    }

    /** Low-resolution rows of A or B interpolated along x to full width; keeps the last two, the two a row needs. */
    private final class RowCache {
        private final float[] planes;
        private final Axis columns;
        private final int[] rows = {-1, -1};
        private final float[][][] values;

        RowCache(float[] planes, Axis columns) {
            this.planes = planes;
            this.columns = columns;
            this.values = new float[2][3][columns.index0.length];
        }

        /** The interpolated rows {@code first} and {@code second}, filling at most the slots the other does not hold. */
        float[][][] pair(int first, int second) {
            int slotFirst = slotOf(first, second);
            int slotSecond = first == second ? slotFirst : slotOf(second, first);
            return new float[][][] {values[slotFirst], values[slotSecond]};
        }

        private int slotOf(int lowRow, int keep) {
            for (int i = 0; i < 2; i++) {
                if (rows[i] == lowRow) {
                    return i;
                }
            }
            int slot = rows[0] == keep ? 1 : 0;
            fill(slot, lowRow);
            return slot;
        }

        private void fill(int slot, int lowRow) {
            rows[slot] = lowRow;
            for (int k = 0; k < 3; k++) {
                int base = (k * lowHeight + lowRow) * lowWidth;
                float[] target = values[slot][k];
                for (int x = 0; x < target.length; x++) {
                    target[x] = planes[base + columns.index0[x]] * columns.weight0[x]
                            + planes[base + columns.index1[x]] * columns.weight1[x];
                }
            }
        }
    }
}
