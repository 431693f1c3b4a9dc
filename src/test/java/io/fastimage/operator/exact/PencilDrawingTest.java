package io.fastimage.operator.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fastimage.image.PencilTexture;
import io.fastimage.image.PlanarImage;
import io.fastimage.image.Rgb8Image;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.training.ImitationLimits;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PencilDrawingTest extends OperatorContractTest {

    private final PencilDrawing pencil = new PencilDrawing();

    @Override
    protected ReferenceOperator operator() {
        return pencil;
    }

    @Test
    void strokeLayerIsDarkAlongEdgesAndWhiteInFlatAreas() {
        int w = 64;
        int h = 48;
        double[] luma = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                luma[y * w + x] = x < 32 ? 0.2 : 0.8;
            }
        }
        double[] strokes = PencilDrawing.strokeLayer(luma, w, h, 7, 1);
        // The gradient sits at x = 31; the vertical line kernel draws it back there.
        for (int y = 10; y < 38; y++) {
            assertThat(strokes[y * w + 31]).isLessThan(0.2);
            for (int x : new int[] {0, 10, 22, 40, 50, 63}) {
                assertThat(strokes[y * w + x]).isEqualTo(1.0);
            }
        }
    }

    @Test
    void strokesFollowTheEdgeDirection() {
        int w = 48;
        int h = 48;
        double[] luma = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                luma[y * w + x] = y < 24 ? 0.9 : 0.1; // a horizontal edge
            }
        }
        double[] strokes = PencilDrawing.strokeLayer(luma, w, h, 7, 1);
        // Dark along the edge row, white a few rows above and below (no smearing across the edge).
        assertThat(strokes[23 * w + 24]).isLessThan(0.2);
        assertThat(strokes[20 * w + 24]).isEqualTo(1.0);
        assertThat(strokes[27 * w + 24]).isEqualTo(1.0);
    }

    @Test
    void toneMapFollowsThePencilToneModel() {
        double[] luma = new double[64 * 64];
        for (int i = 0; i < luma.length; i++) {
            luma[i] = (i * 7919 % luma.length) / (double) luma.length; // all distinct, any order
        }
        double[] tone = PencilDrawing.toneMap(luma, 76, 22, 2);
        double[] cdf = PencilDrawing.toneModelCdf(76, 22, 2);
        double[] sorted = tone.clone();
        Arrays.sort(sorted);
        double worst = 0;
        for (int v = 0; v < 256; v++) {
            // Empirical share of tones at or below level v versus the model's cumulative distribution.
            double level = v / 255.0 + 1e-12;
            int below = 0;
            while (below < sorted.length && sorted[below] <= level) {
                below++;
            }
            worst = Math.max(worst, Math.abs((double) below / sorted.length - cdf[v]));
        }
        assertThat(worst).isLessThan(0.01);
        // 76% of the mass is the bright layer near white, 2% the dark layer around 90.
        // Below u_b = 225: the mid and dark layers (24%) plus the bright layer's tail, 76% * e^(-31/9) = 2.4%.
        assertThat(cdf[224]).isCloseTo(0.24 + 0.76 * Math.exp(-31 / 9.0), within(0.005));
        assertThat(cdf[104]).isCloseTo(0.02, within(0.005));
    }

    @Test
    void textureFitSolvesItsNormalEquationsAndDarkerTonesGiveDarkerTexture() {
        int w = 64;
        int h = 64;
        double[] tone = new double[w * h];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = i % w < w / 2 ? 0.3 : 0.8;
        }
        double[] texture = PencilTexture.tiled(w, h);
        double[] result = PencilDrawing.textureLayer(tone, w, h, 0.2);
        // Recover beta = ln T / ln H and check (diag(ln H^2) + theta L) beta = ln H ln J to the solver tolerance.
        double[] beta = new double[w * h];
        for (int i = 0; i < beta.length; i++) {
            beta[i] = Math.log(result[i]) / Math.log(texture[i]);
        }
        FivePointSystem system = PencilDrawing.textureSystem(texture, w, h, 0.2);
        double[] rhs = PencilDrawing.textureRightHandSide(texture, tone);
        double[] product = new double[beta.length];
        system.multiply(beta, product);
        double residual = 0;
        double norm = 0;
        for (int i = 0; i < beta.length; i++) {
            residual += Math.pow(product[i] - rhs[i], 2);
            norm += rhs[i] * rhs[i];
        }
        assertThat(Math.sqrt(residual / norm)).isLessThan(1e-5);
        // Geometric means per half, away from the tone boundary: the darker tone is rendered clearly darker,
        // and each lies between its tone and white (the least-squares fit of a constant exponent brightens).
        double dark = geometricMean(result, w, 4, 24, h);
        double light = geometricMean(result, w, 40, 60, h);
        assertThat(dark).isBetween(0.3, 0.5);
        assertThat(light).isBetween(0.8, 0.95);
    }

    private static double geometricMean(double[] values, int w, int x0, int x1, int h) {
        double s = 0;
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = x0; x < x1; x++) {
                s += Math.log(values[y * w + x]);
                n++;
            }
        }
        return Math.exp(s / n);
    }

    @Test
    void outputIsGreyReplicatedToRgb() {
        PlanarImage out = pencil.apply(testImage(40, 30, 3));
        assertThat(out.plane(0)).isEqualTo(out.plane(1)).isEqualTo(out.plane(2));
    }

    @Test
    void textureIsDeterministicAndSeamless() {
        double[] a = PencilTexture.tiled(300, 2);
        double[] b = PencilTexture.tiled(300, 2);
        assertThat(a).isEqualTo(b);
        assertThat(a[PencilTexture.SIZE]).isEqualTo(a[0]);
    }

    /**
     * The texture is laid from the image's top-left corner, so the same content placed elsewhere gets different
     * strokes: this is what caps every translation-equivariant network's PSNR on this operator (docs/training.md).
     */
    @Test
    void textureIsAnchoredToImageCoordinates() {
        UnaryOperator<Rgb8Image> op = image -> pencil.apply(PlanarImage.fromRgb8(image)).toRgb8();
        Rgb8Image photo = TestImages.photoCrop(100, 300, 800, 400).toRgb8();
        double offTile = ImitationLimits.shiftPsnr(op, photo, 37, 32);
        double onTile = ImitationLimits.shiftPsnr(op, photo, PencilTexture.SIZE, 32);
        // A shift by the texture's period changes more content, yet matches better: the strokes line up again.
        assertThat(offTile).isLessThan(25);
        assertThat(onTile).isGreaterThan(offTile + 3);
    }
}
