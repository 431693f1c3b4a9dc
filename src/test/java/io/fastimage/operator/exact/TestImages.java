package io.fastimage.operator.exact;

import io.fastimage.ConformanceKit;
import io.fastimage.image.PlanarImage;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Real-photo crops and synthetic haze for the operator tests. */
final class TestImages {

    /** The street photo (MIT-Adobe) that the conformance data keeps beside the clone. */
    static final Path STREET = ConformanceKit.STREET;

    private TestImages() {
    }

    /**
     * A crop of the street photo, {@code x0, y0, size} in original pixels, area-downscaled to
     * {@code outSize x outSize}.
     */
    static PlanarImage photoCrop(int x0, int y0, int size, int outSize) {
        if (!Files.exists(STREET)) {
            throw new IllegalStateException("test photo missing: " + STREET.toAbsolutePath()
                    + " (the shared conformance data must sit beside the clone)");
        }
        try {
            BufferedImage crop = ImageIO.read(new File(STREET.toString())).getSubimage(x0, y0, size, size);
            BufferedImage small = new BufferedImage(outSize, outSize, BufferedImage.TYPE_INT_RGB);
            small.createGraphics().drawImage(crop.getScaledInstance(outSize, outSize, Image.SCALE_AREA_AVERAGING), 0, 0, null);
            double[][] planes = new double[3][outSize * outSize];
            for (int y = 0; y < outSize; y++) {
                for (int x = 0; x < outSize; x++) {
                    int p = small.getRGB(x, y);
                    planes[0][y * outSize + x] = ((p >> 16) & 255) / 255.0;
                    planes[1][y * outSize + x] = ((p >> 8) & 255) / 255.0;
                    planes[2][y * outSize + x] = (p & 255) / 255.0;
                }
            }
            return new PlanarImage(outSize, outSize, planes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A smooth transmission: dense haze (0.1) at the top rising to 0.9 at the bottom, with a gentle sideways wave. */
    static double[] smoothTransmission(int w, int h) {
        double[] t = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double depth = (double) y / (h - 1);
                t[y * w + x] = 0.1 + 0.8 * depth * (0.85 + 0.15 * Math.cos(4.0 * x / w));
            }
        }
        return t;
    }

    /** The haze model {@code I = J t + A (1 - t)}. */
    static PlanarImage haze(PlanarImage clear, double[] t, double[] airlight) {
        double[][] planes = new double[3][clear.pixelCount()];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < t.length; i++) {
                planes[c][i] = clear.plane(c)[i] * t[i] + airlight[c] * (1 - t[i]);
            }
        }
        return new PlanarImage(clear.width(), clear.height(), planes);
    }

    static double meanDarkChannel(PlanarImage image) {
        double[] dark = DarkChannel.of(image, new double[] {1, 1, 1}, DarkChannel.PATCH_RADIUS);
        double s = 0;
        for (double v : dark) {
            s += v;
        }
        return s / dark.length;
    }
}
