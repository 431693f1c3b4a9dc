package io.fastimage.operator.exact;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.InvalidParameterException;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract every reference operator keeps (after TwelveMonkeys' shared plugin tests): each
 * operator's test extends this and adds the properties of its own algorithm.
 */
public abstract class OperatorContractTest {

    /** The operator under test, with its default parameters. */
    protected abstract ReferenceOperator operator();

    /** A smooth random image with some edges: enough structure for every operator to act on. */
    protected static PlanarImage testImage(int width, int height, long seed) {
        Random random = new Random(seed);
        double[][] planes = new double[3][width * height];
        for (int c = 0; c < 3; c++) {
            double fx = 0.05 + 0.2 * random.nextDouble();
            double fy = 0.05 + 0.2 * random.nextDouble();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double v = 0.5 + 0.25 * Math.sin(fx * x + c) * Math.cos(fy * y)
                            + (x > width / 2 ? 0.15 : -0.1) + 0.05 * random.nextGaussian();
                    planes[c][y * width + x] = Math.min(1, Math.max(0, v));
                }
            }
        }
        return new PlanarImage(width, height, planes);
    }

    @Test
    void keepsSizeForOddAndTinyImages() {
        for (int[] size : new int[][] {{1, 1}, {13, 1}, {1, 9}, {17, 11}}) {
            PlanarImage out = operator().apply(testImage(size[0], size[1], 1));
            assertThat(out.width()).isEqualTo(size[0]);
            assertThat(out.height()).isEqualTo(size[1]);
            for (int c = 0; c < 3; c++) {
                for (double v : out.plane(c)) {
                    assertThat(Double.isFinite(v)).as("finite output").isTrue();
                }
            }
        }
    }

    @Test
    void doesNotModifyItsInput() {
        PlanarImage input = testImage(40, 30, 2);
        PlanarImage before = input.copy();
        operator().apply(input);
        assertThat(input).isEqualTo(before);
    }

    @Test
    void isDeterministic() {
        PlanarImage input = testImage(48, 36, 3);
        assertThat(operator().apply(input).toRgb8()).isEqualTo(operator().apply(input).toRgb8());
    }

    @Test
    void changesAStructuredImage() {
        PlanarImage input = testImage(64, 48, 4);
        assertThat(operator().apply(input).toRgb8()).isNotEqualTo(input.toRgb8());
    }

    @Test
    void acceptsGreyInputAsThreeEqualChannels() {
        PlanarImage colour = testImage(32, 24, 5);
        PlanarImage grey = PlanarImage.fromGrey(32, 24, colour.plane(1));
        PlanarImage out = operator().apply(grey);
        assertThat(out.width()).isEqualTo(32);
    }

    @Test
    void rejectsUnknownAndOutOfRangeParameters() {
        var specs = operator().info().parameters();
        try {
            ParameterValues.resolve(specs, Map.of("no-such-parameter", "1"));
            throw new AssertionError("unknown parameter accepted");
        } catch (InvalidParameterException e) {
            assertThat(e.getMessage()).contains("no-such-parameter");
        }
        for (ParameterSpec spec : specs) {
            String tooBig = Double.toString(spec.max() + Math.max(1, Math.abs(spec.max())));
            try {
                ParameterValues.resolve(specs, Map.of(spec.name(), tooBig));
                throw new AssertionError(spec.name() + " accepted " + tooBig);
            } catch (InvalidParameterException e) {
                assertThat(e.getMessage()).contains(spec.name()).contains(spec.rangeText());
            }
        }
    }
}
