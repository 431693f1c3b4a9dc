package io.fastimage.pipeline;

import io.fastimage.codec.DecodeLimits;
import io.fastimage.codec.DecodedImage;
import io.fastimage.codec.HiddenColour;
import io.fastimage.codec.ImageDecoder;
import io.fastimage.codec.ImageEncoder;
import io.fastimage.codec.ImageHeader;
import io.fastimage.codec.OutputFormat;
import io.fastimage.image.ImageMetrics;
import io.fastimage.image.Rgb8Image;
import io.fastimage.operator.Cancellation;
import io.fastimage.operator.ImageOperator;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One request, always in this order: inspect the header (on the caller's thread, before any pixel
 * is allocated) → queue for a worker → decode → transform → encode. The alpha channel is split off
 * by the decoder and re-attached unchanged by the encoder; operators never see it, nor the colour
 * under fully transparent pixels (replaced from the visible ones, {@link HiddenColour}). A grey
 * image gives a grey result in both modes: the transform's three channels are averaged. Between steps
 * the worker checks whether the request has been cancelled.
 */
public final class ProcessingPipeline {

    private final ImageDecoder decoder;
    private final ImageEncoder encoder;
    private final WorkerPool workers;
    private final Duration timeout;

    public ProcessingPipeline(DecodeLimits limits, WorkerPool workers, Duration timeout) {
        this.decoder = new ImageDecoder(limits);
        this.encoder = new ImageEncoder();
        this.workers = workers;
        this.timeout = timeout;
    }

    /** The checks that cost nothing (bytes, format, declared pixels), on the caller's thread. */
    public ImageHeader inspect(byte[] body) {
        return decoder.checkLimits(body);
    }

    /** A place in the worker queue, to take before reading an upload (429 without reading it). */
    public WorkerPool.Admission admit() {
        return workers.admit();
    }

    /**
     * Inspects, then decodes, applies {@code operator} and encodes on a worker within the request timeout; the
     * operator's step is timed as {@code exact} or {@code inference} by what it is.
     */
    public ProcessedImage process(byte[] body, ImageOperator operator, OutputFormat format, int quality) {
        try (WorkerPool.Admission place = admit()) {
            return process(place, body, operator, format, quality);
        }
    }

    /** As {@link #process(byte[], ImageOperator, OutputFormat, int)} in a place taken with {@link #admit()}. */
    public ProcessedImage process(WorkerPool.Admission place, byte[] body, ImageOperator operator, OutputFormat format,
            int quality) {
        return onWorker(place, body, (decoded, timings) -> {
            Rgb8Image result = apply(operator, decoded, timings);
            byte[] encoded = timed(timings, "encode", () -> encoder.encode(result, decoded.alpha(), format, quality));
            return new ProcessedImage(encoded, format, result.width(), result.height(), timings);
        });
    }

    /**
     * Both implementations on the same decoded image, their PSNR and SSIM, and both results as PNG:
     * what a user needs to judge how closely the network imitates the exact operator.
     */
    public Comparison compare(WorkerPool.Admission place, byte[] body, ImageOperator fast, ImageOperator exact) {
        return onWorker(place, body, (decoded, timings) -> {
            Rgb8Image fastResult = apply(fast, decoded, timings);
            Rgb8Image exactResult = apply(exact, decoded, timings);
            double psnr = ImageMetrics.psnr(fastResult, exactResult);
            double ssim = ImageMetrics.ssim(fastResult, exactResult);
            byte[] fastPng = timed(timings, "encode", () -> encoder.encode(fastResult, decoded.alpha(), OutputFormat.PNG, 100));
            byte[] exactPng = timed(timings, "encode", () -> encoder.encode(exactResult, decoded.alpha(), OutputFormat.PNG, 100));
            return new Comparison(fastPng, exactPng, fastResult.width(), fastResult.height(), psnr, ssim, timings);
        });
    }

    /** The results of {@link #compare}: two PNGs and their agreement. */
    public record Comparison(byte[] fastPng, byte[] exactPng, int width, int height, double psnr, double ssim,
            Timings timings) {
    }

    private interface WorkerStep<T> {
        T run(DecodedImage decoded, Timings timings);
    }

    private <T> T onWorker(WorkerPool.Admission place, byte[] body, WorkerStep<T> step) {
        inspect(body);
        long queuedAt = System.nanoTime();
        Timings timings = new Timings();
        return workers.run(place, () -> {
            timings.record("queue", System.nanoTime() - queuedAt);
            DecodedImage decoded = timed(timings, "decode", () -> withoutHiddenColour(decoder.decode(body)));
            Cancellation.checkpoint();
            return step.run(decoded, timings);
        }, timeout);
    }

    private static DecodedImage withoutHiddenColour(DecodedImage decoded) {
        Rgb8Image filled = HiddenColour.fill(decoded.rgb(), decoded.alpha());
        return filled == decoded.rgb() ? decoded : new DecodedImage(filled, decoded.alpha(), decoded.format());
    }

    private static Rgb8Image apply(ImageOperator operator, DecodedImage decoded, Timings timings) {
        Rgb8Image input = decoded.rgb();
        Rgb8Image result = timed(timings, operator.implementation().timingName(), () -> {
            Rgb8Image output = operator.apply(input);
            // Networks drift a grey input slightly off grey; the exact operators already keep it grey.
            return Grey.isGrey(input) ? Grey.averageChannels(output) : output;
        });
        Cancellation.checkpoint();
        return result;
    }

    private static <T> T timed(Timings timings, String step, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            timings.record(step, System.nanoTime() - start);
        }
    }
}
