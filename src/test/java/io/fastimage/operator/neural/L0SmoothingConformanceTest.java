package io.fastimage.operator.neural;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.fastimage.operator.Network;
import io.fastimage.ConformanceKit;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.can.TfCheckpointImporter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's own inference path (import → model repository → {@link NeuralModel#apply}) reproduces
 * the outputs the authors published for their L0-smoothing CAN24 on their test photos.
 */
class L0SmoothingConformanceTest {

    static final Path KIT = ConformanceKit.L0;
    private static final String OPERATOR = "l0-smoothing";

    @Test
    void importedAuthorsModelReproducesTheirPublishedOutputs(@TempDir Path models) throws IOException {
        TfCheckpointImporter.importCheckpoint(KIT.resolve("checkpoint"), TfCheckpointImporter.DEFAULT_PREFIX,
                OPERATOR, models.resolve(OPERATOR), CanArchitecture.AUTHORS_EPSILON,
                TfCheckpointImporter.Conversion.AUTHORS, TfCheckpointImporter.AUTHORS_RELEASE, "conformance test");
        try (ModelRepository repository = ModelRepository.load(models, Device.cpu(), 1, Set.of(OPERATOR))) {
            assertThat(repository.unavailableReason(OPERATOR)).isEmpty();
            Network model = repository.model(OPERATOR).orElseThrow();
            for (String photo : new String[] {"000001.png", "000002.png"}) {
                Rgb8Image input = readRgb(KIT.resolve("input").resolve(photo));
                Rgb8Image expected = readRgb(KIT.resolve("expected").resolve(photo));
                long start = System.nanoTime();
                Rgb8Image actual = model.apply(input);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(actual.width()).isEqualTo(expected.width());
                assertThat(actual.height()).isEqualTo(expected.height());
                Agreement agreement = Agreement.of(actual, expected);
                System.out.printf("conformance %s (%dx%d, %d ms): %.4f%% of 8-bit values identical, %.4f%% off by 1,"
                                + " max difference %d%n", photo, input.width(), input.height(), millis,
                        100 * agreement.identicalShare(), 100 * agreement.offByOneShare(), agreement.maxDifference());
                assertThat(agreement.identicalShare()).as(photo + " identical share").isGreaterThanOrEqualTo(0.999);
                assertThat(agreement.maxDifference()).as(photo + " largest difference").isLessThanOrEqualTo(1);
            }
        }
    }

    /**
     * The project's conventions (RGB order, rounding) are the authors' function: on their published outputs
     * every value is either the same (truncation and rounding agree) or one above (rounding went up). Float
     * sums in another channel order may move a value across a level boundary: a few per million.
     */
    @Test
    void rgbImportWithRoundingIsTheAuthorsFunctionUpToOrderAndRounding(@TempDir Path models) throws IOException {
        TfCheckpointImporter.importCheckpoint(KIT.resolve("checkpoint"), TfCheckpointImporter.DEFAULT_PREFIX,
                OPERATOR, models.resolve(OPERATOR), CanArchitecture.AUTHORS_EPSILON,
                TfCheckpointImporter.Conversion.project(List.of()), TfCheckpointImporter.AUTHORS_RELEASE, "test");
        try (ModelRepository repository = ModelRepository.load(models, Device.cpu(), 1, Set.of(OPERATOR))) {
            Network model = repository.model(OPERATOR).orElseThrow();
            assertThat(model.descriptor().channelOrder()).isEqualTo(ChannelOrder.RGB);
            assertThat(model.descriptor().provenance().origin()).isEqualTo(TfCheckpointImporter.AUTHORS_RELEASE);
            Rgb8Image actual = model.apply(readRgb(KIT.resolve("input").resolve("000001.png")));
            byte[] ours = actual.pixels();
            byte[] theirs = readRgb(KIT.resolve("expected").resolve("000001.png")).pixels();
            long roundedUp = 0;
            long other = 0;
            for (int i = 0; i < ours.length; i++) {
                int d = (ours[i] & 0xff) - (theirs[i] & 0xff);
                if (d == 1) {
                    roundedUp++;
                } else if (d != 0) {
                    other++;
                }
            }
            System.out.printf("RGB + rounding vs the authors' BGR + truncation: %.2f%% rounded up, %d of %d other%n",
                    100.0 * roundedUp / ours.length, other, ours.length);
            assertThat(roundedUp).as("rounding raises about half the values").isGreaterThan(ours.length / 4);
            assertThat((double) other / ours.length).isLessThan(1e-4);
        }
    }

    record Agreement(double identicalShare, double offByOneShare, int maxDifference) {
        static Agreement of(Rgb8Image a, Rgb8Image b) {
            byte[] x = a.pixels();
            byte[] y = b.pixels();
            long identical = 0;
            long offByOne = 0;
            int max = 0;
            for (int i = 0; i < x.length; i++) {
                int d = Math.abs((x[i] & 0xff) - (y[i] & 0xff));
                if (d == 0) {
                    identical++;
                } else if (d == 1) {
                    offByOne++;
                }
                max = Math.max(max, d);
            }
            return new Agreement((double) identical / x.length, (double) offByOne / x.length, max);
        }
    }

    static Rgb8Image readRgb(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("not a readable image: " + file);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] pixels = new byte[3 * w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int i = 3 * (y * w + x);
                pixels[i] = (byte) (row[x] >> 16);
                pixels[i + 1] = (byte) (row[x] >> 8);
                pixels[i + 2] = (byte) row[x];
            }
        }
        return new Rgb8Image(w, h, pixels);
    }
}
