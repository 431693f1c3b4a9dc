package io.fastimage.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.codec.DecodeLimits;
import io.fastimage.codec.DecodedImage;
import io.fastimage.codec.HiddenColour;
import io.fastimage.codec.ImageDecoder;
import io.fastimage.codec.ImageEncoder;
import io.fastimage.codec.OutputFormat;
import io.fastimage.image.Rgb8Image;
import io.fastimage.operator.ImageOperator;
import io.fastimage.operator.Implementation;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.operator.exact.ReferenceOperators;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's own guarantees around the operator: the colour under fully transparent pixels never shapes the
 * visible result, and a grey image stays grey whatever the transform does to the channels.
 */
class ProcessingPipelineTest {

    private static final DecodeLimits LIMITS = new DecodeLimits(1 << 24, 10_000_000);
    private final WorkerPool workers = new WorkerPool(1, 4);
    private final ProcessingPipeline pipeline = new ProcessingPipeline(LIMITS, workers, Duration.ofSeconds(60));
    private final ImageEncoder encoder = new ImageEncoder();
    private final ImageDecoder decoder = new ImageDecoder(LIMITS);

    @AfterEach
    void close() {
        workers.close();
    }

    /** A 3×3 box blur: what any smoothing operator or network does to the edge of a shape. */
    private static final ImageOperator BLUR = operator(Implementation.EXACT, ProcessingPipelineTest::boxBlur);

    private static ImageOperator operator(Implementation implementation, UnaryOperator<Rgb8Image> function) {
        return new ImageOperator() {
            @Override
            public Rgb8Image apply(Rgb8Image input) {
                return function.apply(input);
            }

            @Override
            public Implementation implementation() {
                return implementation;
            }
        };
    }

    @Test
    void theSameVisiblePictureOverTransparentBlackOrWhiteGivesTheSameResult() {
        int w = 40;
        int h = 30;
        byte[] alpha = disc(w, h);
        Rgb8Image overBlack = shape(w, h, alpha, 0);
        Rgb8Image overWhite = shape(w, h, alpha, 255);
        byte[] blackPng = encoder.encode(overBlack, alpha, OutputFormat.PNG, 100);
        byte[] whitePng = encoder.encode(overWhite, alpha, OutputFormat.PNG, 100);
        // Without the pipeline's care, the hidden colour leaks into the visible rim (the test can tell).
        assertThat(visible(boxBlur(overBlack), alpha)).isNotEqualTo(visible(boxBlur(overWhite), alpha));

        ReferenceOperator rof = ReferenceOperators.all().stream()
                .filter(op -> op.info().id().equals("rudin-osher-fatemi")).findFirst().orElseThrow();
        ImageOperator exact = rof.withParameters(ParameterValues.defaults(rof.info().parameters()));
        for (ImageOperator transform : new ImageOperator[] {BLUR, exact}) {
            DecodedImage fromBlack = decoder.decode(pipeline.process(blackPng, transform, OutputFormat.PNG, 100).bytes());
            DecodedImage fromWhite = decoder.decode(pipeline.process(whitePng, transform, OutputFormat.PNG, 100).bytes());
            assertThat(fromBlack.alpha()).isEqualTo(alpha);
            assertThat(visible(fromBlack.rgb(), alpha)).isEqualTo(visible(fromWhite.rgb(), alpha));
        }
    }

    @Test
    void aGreyImageGivesAGreyResultEvenFromATransformThatTintsIt() {
        ImageOperator tint = operator(Implementation.network("tint", "test"), image -> map(image, (c, v) -> v + (c == 0 ? 12 : c == 2 ? -9 : 0)));
        Rgb8Image grey = greyOf(gradient(24, 16));
        DecodedImage result = decoder.decode(pipeline.process(encoder.encode(grey, null, OutputFormat.PNG, 100), tint,
                OutputFormat.PNG, 100).bytes());
        byte[] px = result.rgb().pixels();
        for (int i = 0; i < px.length; i += 3) {
            assertThat(px[i]).as("pixel %d", i / 3).isEqualTo(px[i + 1]).isEqualTo(px[i + 2]);
            // The mean of (v + 12, v, v - 9) is v + 1: the tint averaged, not dropped.
            int v = grey.pixels()[i] & 0xFF;
            assertThat(px[i] & 0xFF).isEqualTo(Math.round((Math.min(255, v + 12) + v + Math.max(0, v - 9)) / 3f));
        }
        // A colour image keeps the transform's colours.
        Rgb8Image colour = gradient(24, 16);
        DecodedImage tinted = decoder.decode(pipeline.process(encoder.encode(colour, null, OutputFormat.PNG, 100), tint,
                OutputFormat.PNG, 100).bytes());
        assertThat(tinted.rgb()).isEqualTo(map(colour, (c, v) -> v + (c == 0 ? 12 : c == 2 ? -9 : 0)));
    }

    @Test
    void hiddenPixelsAreGrownFromTheVisibleOnesOnly() {
        Rgb8Image image = gradient(5, 3);
        byte[] alpha = new byte[15];
        alpha[7] = (byte) 255; // only the centre pixel is visible
        alpha[0] = 1; // barely visible, but visible: its colour counts and stays
        Rgb8Image filled = HiddenColour.fill(image, alpha);
        assertThat(java.util.Arrays.copyOfRange(filled.pixels(), 21, 24)).isEqualTo(java.util.Arrays.copyOfRange(image.pixels(), 21, 24));
        assertThat(java.util.Arrays.copyOfRange(filled.pixels(), 0, 3)).isEqualTo(java.util.Arrays.copyOfRange(image.pixels(), 0, 3));
        // The centre's right-hand neighbour has only the centre as a known neighbour.
        assertThat(java.util.Arrays.copyOfRange(filled.pixels(), 24, 27)).isEqualTo(java.util.Arrays.copyOfRange(image.pixels(), 21, 24));
        assertThat(HiddenColour.fill(image, new byte[15]).pixels()).containsOnly(0);
        byte[] opaque = new byte[15];
        java.util.Arrays.fill(opaque, (byte) 255);
        assertThat(HiddenColour.fill(image, opaque)).isSameAs(image);
    }

    // ---- helpers ----

    private static byte[] disc(int w, int h) {
        byte[] alpha = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r = Math.hypot(x - w / 2.0, y - h / 2.0);
                alpha[y * w + x] = (byte) (r < 9 ? 255 : r < 11 ? 120 : 0); // opaque core, partly transparent rim
            }
        }
        return alpha;
    }

    /** A coloured shape where alpha is not 0, and {@code hidden} grey under the fully transparent pixels. */
    private static Rgb8Image shape(int w, int h, byte[] alpha, int hidden) {
        Rgb8Image picture = gradient(w, h);
        byte[] px = picture.pixels().clone();
        for (int i = 0; i < alpha.length; i++) {
            if (alpha[i] == 0) {
                px[3 * i] = px[3 * i + 1] = px[3 * i + 2] = (byte) hidden;
            }
        }
        return new Rgb8Image(w, h, px);
    }

    /** The colours of the pixels that can be seen (alpha above 0), in order. */
    private static byte[] visible(Rgb8Image image, byte[] alpha) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < alpha.length; i++) {
            if (alpha[i] != 0) {
                out.write(image.pixels(), 3 * i, 3);
            }
        }
        return out.toByteArray();
    }

    private static Rgb8Image gradient(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            px[3 * i] = (byte) (i % w * 255 / (w - 1));
            px[3 * i + 1] = (byte) (i / w * 255 / (h - 1));
            px[3 * i + 2] = (byte) ((i * 37) % 256);
        }
        return new Rgb8Image(w, h, px);
    }

    /** Each pixel's green value in all three channels. */
    private static Rgb8Image greyOf(Rgb8Image image) {
        byte[] px = image.pixels().clone();
        for (int i = 0; i < px.length; i += 3) {
            px[i] = px[i + 2] = px[i + 1];
        }
        return new Rgb8Image(image.width(), image.height(), px);
    }

    private interface ChannelFunction {
        int apply(int channel, int value);
    }

    private static Rgb8Image map(Rgb8Image image, ChannelFunction f) {
        byte[] px = image.pixels();
        byte[] out = new byte[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = (byte) Math.max(0, Math.min(255, f.apply(i % 3, px[i] & 0xFF)));
        }
        return new Rgb8Image(image.width(), image.height(), out);
    }

    private static Rgb8Image boxBlur(Rgb8Image image) {
        int w = image.width();
        int h = image.height();
        byte[] px = image.pixels();
        byte[] out = new byte[px.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    int count = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = x + dx;
                            int yy = y + dy;
                            if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
                                sum += px[3 * (yy * w + xx) + c] & 0xFF;
                                count++;
                            }
                        }
                    }
                    out[3 * (y * w + x) + c] = (byte) (sum / count);
                }
            }
        }
        return new Rgb8Image(w, h, out);
    }
}
