package io.fastimage.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.InputPlane;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.OutputQuantization;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.CanSpec;
import io.fastimage.model.can.NormalizationStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SelfEnsembleTest {

    /** A 5×3 image whose pixels all differ, so that every symmetry moves them. */
    private static final Rgb8Image PHOTO = photo(5, 3);

    @Test
    void eachSymmetryIsUndoneByItsInverse() {
        for (int symmetry = 0; symmetry < 8; symmetry++) {
            assertThat(PHOTO.transformed(symmetry).transformed(SelfEnsemble.inverse(symmetry))).as("symmetry " + symmetry)
                    .isEqualTo(PHOTO);
        }
    }

    @Test
    void aNetworkThatCommutesWithFlipsAndTurnsIsItsOwnEnsemble() {
        Network inverting = network(InputPlanes.COLOUR_ONLY, image -> map(image, (x, y, c) -> 255 - value(image, x, y, c)));
        for (int size : SelfEnsemble.SIZES) {
            assertThat(SelfEnsemble.of(inverting, size).apply(PHOTO)).as("size " + size).isEqualTo(inverting.apply(PHOTO));
        }
    }

    @Test
    void theMirroredMemberTurnsBackAndTheMeanRoundsHalfUp() {
        // Each pixel takes its right neighbour's value (the last column its own): on the mirrored photo, turned back,
        // that is the left neighbour's, so the ensemble of 2 is their mean.
        Network shiftLeft = network(InputPlanes.COLOUR_ONLY,
                image -> map(image, (x, y, c) -> value(image, Math.min(x + 1, image.width() - 1), y, c)));
        Rgb8Image mean = SelfEnsemble.of(shiftLeft, 2).apply(PHOTO);
        for (int y = 0; y < PHOTO.height(); y++) {
            for (int x = 0; x < PHOTO.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    int right = value(PHOTO, Math.min(x + 1, PHOTO.width() - 1), y, c);
                    int left = value(PHOTO, Math.max(x - 1, 0), y, c);
                    assertThat(value(mean, x, y, c)).isEqualTo((right + left + 1) / 2);
                }
            }
        }
    }

    @Test
    void everyMemberRunsOnItsOwnSymmetryWithTheSameParameters() {
        List<Rgb8Image> seen = new ArrayList<>();
        List<Map<String, Double>> parameters = new ArrayList<>();
        Network recording = new FakeNetwork(InputPlanes.COLOUR_ONLY, image -> image) {
            @Override
            public Rgb8Image apply(Rgb8Image input, Map<String, Double> given) {
                seen.add(input);
                parameters.add(given);
                return input;
            }
        };
        SelfEnsemble.of(recording, 8).apply(PHOTO, Map.of("lambda", 0.02));
        assertThat(seen).hasSize(8).doesNotHaveDuplicates();
        assertThat(seen).filteredOn(image -> image.width() == PHOTO.width()).hasSize(4);
        assertThat(parameters).containsOnly(Map.of("lambda", 0.02));
    }

    @Test
    void theImplementationNamesTheEnsembleAndKeepsTheWeightsVersion() {
        Network inverting = network(InputPlanes.COLOUR_ONLY, image -> image);
        Implementation ensemble = SelfEnsemble.of(inverting, 4).implementation();
        assertThat(ensemble.network()).isEqualTo("fake, self-ensemble of 4");
        assertThat(ensemble.version()).isEqualTo(inverting.implementation().version());
        assertThat(SelfEnsemble.of(inverting, 1)).isSameAs(inverting);
    }

    @Test
    void otherSizesAndPositionDependentPlanesAreRefused() {
        Network plain = network(InputPlanes.COLOUR_ONLY, image -> image);
        for (int size : new int[] {0, 3, 16, -1}) {
            assertThatThrownBy(() -> SelfEnsemble.of(plain, size)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ensemble must be 1, 2, 4 or 8").hasMessageContaining("got " + size);
        }
        Network textured = network(new InputPlanes(List.of(new InputPlane.Procedural(InputPlane.Procedural.PENCIL_TEXTURE))),
                image -> image);
        assertThatThrownBy(() -> SelfEnsemble.of(textured, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fixed to the pixel position");
        assertThat(SelfEnsemble.of(textured, 1)).isSameAs(textured);
        assertThat(SelfEnsemble.sizes(textured)).containsExactly(1);
        assertThat(SelfEnsemble.sizes(plain)).containsExactly(1, 2, 4, 8);
    }

    @Test
    void eightWhiteResultsAverageToWhite() {
        Network white = network(InputPlanes.COLOUR_ONLY, image -> map(image, (x, y, c) -> 255));
        assertThat(SelfEnsemble.of(white, 8).apply(PHOTO).pixels()).containsOnly((byte) 255);
    }

    @FunctionalInterface
    private interface PixelRule {
        int value(int x, int y, int channel);
    }

    private static Rgb8Image photo(int width, int height) {
        byte[] pixels = new byte[3 * width * height];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (7 * i + 3);
        }
        return new Rgb8Image(width, height, pixels);
    }

    private static int value(Rgb8Image image, int x, int y, int channel) {
        return image.pixels()[3 * (y * image.width() + x) + channel] & 0xff;
    }

    private static Rgb8Image map(Rgb8Image image, PixelRule rule) {
        byte[] out = new byte[image.pixels().length];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    out[3 * (y * image.width() + x) + c] = (byte) rule.value(x, y, c);
                }
            }
        }
        return new Rgb8Image(image.width(), image.height(), out);
    }

    private static Network network(InputPlanes inputs, UnaryOperator<Rgb8Image> function) {
        return new FakeNetwork(inputs, function);
    }

    /** A network in name only: {@code function} of the photo, with a descriptor that declares {@code inputs}. */
    private static class FakeNetwork implements Network {
        private final ModelDescriptor descriptor;
        private final UnaryOperator<Rgb8Image> function;

        FakeNetwork(InputPlanes inputs, UnaryOperator<Rgb8Image> function) {
            this.descriptor = new ModelDescriptor(1, "l0-smoothing",
                    new CanSpec(CanArchitecture.can24().withInputs(inputs), NormalizationStatistics.PER_IMAGE),
                    ChannelOrder.RGB, OutputQuantization.ROUND,
                    new ModelDescriptor.WeightsFile("weights.safetensors", "safetensors", "ab".repeat(32)),
                    new ModelDescriptor.Provenance("test", "none", 0L, "2026-12-02", "none"), List.of());
            this.function = function;
        }

        @Override
        public ModelDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public Rgb8Image apply(Rgb8Image input, Map<String, Double> parameters) {
            return function.apply(input);
        }

        @Override
        public Implementation implementation() {
            return Implementation.network("fake", "sha256:abababababab");
        }
    }
}
