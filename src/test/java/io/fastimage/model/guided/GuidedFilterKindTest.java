package io.fastimage.model.guided;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fastimage.model.ChannelOrder;
import io.fastimage.model.InvalidModelException;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDescriptor.Provenance;
import io.fastimage.model.ModelDescriptor.WeightsFile;
import io.fastimage.model.ModelDescriptorJson;
import io.fastimage.model.OutputQuantization;
import io.fastimage.model.can.CanArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuidedFilterKindTest {

    static ModelDescriptor sample() {
        return new ModelDescriptor(1, "dark-channel-dehazing", new GuidedFilterSpec(256, 1, 1e-4, 15, CanArchitecture.can24()),
                ChannelOrder.RGB, OutputQuantization.ROUND, new WeightsFile("weights.safetensors", "safetensors", "cd".repeat(32)),
                new Provenance("train", "corpus", 10L, "2026-11-30", "fastimage train ..."), List.of());
    }

    @Test
    void writtenDescriptorReadsBackEqual() throws Exception {
        String json = ModelDescriptorJson.format(sample());
        assertThat(json).contains("\"type\" : \"deep-guided-filter\"", "\"lowResolutionShortSide\" : 256",
                "\"lowResolutionNetwork\"");
        assertThat(ModelDescriptorJson.parse(json)).isEqualTo(sample());
        assertThat(json).doesNotContain("symmetricPadding");
        ModelDescriptor padded = sample().withNetwork(new GuidedFilterSpec(256, 1, 1e-4, 15,
                CanArchitecture.can24().withSymmetricPadding(4)));
        String paddedJson = ModelDescriptorJson.format(padded);
        assertThat(paddedJson).contains("\"symmetricPadding\" : 4");
        assertThat(ModelDescriptorJson.parse(paddedJson)).isEqualTo(padded);
        // The photo itself is never padded: only the low-resolution copy, inside the block.
        assertThat(padded.network().symmetricPadding()).isZero();
    }

    @Test
    void badFieldsAreNamedWithTheirPath() {
        String json = ModelDescriptorJson.format(sample());
        assertRejected(json.replace("\"radius\" : 1", "\"radius\" : 0"), "field 'architecture.radius'");
        assertRejected(json.replace("\"lowResolutionShortSide\" : 256", "\"lowResolutionShortSide\" : 8"),
                "field 'architecture.lowResolutionShortSide'");
        assertRejected(json.replace("\"epsilon\" : 1.0E-4", "\"epsilon\" : 0"), "field 'architecture.epsilon'");
        assertRejected(json.replace("\"guidanceChannels\" : 15", "\"guidanceChannels\" : 15, \"guidance\" : 1"),
                "unknown field 'architecture.guidance'");
        assertRejected(json.replace("\"width\" : 24,", ""), "missing field 'architecture.lowResolutionNetwork.width'");
        assertRejected(json.replace("\"width\" : 24,", "\"width\" : 24, \"type\" : \"context-aggregation-network\","),
                "unknown field 'architecture.lowResolutionNetwork.type'");
        // A CAN's top-level field does not belong to this kind.
        assertRejected(json.replace("\"channelOrder\"", "\"normalizationStatistics\" : \"running\", \"channelOrder\""),
                "unknown field 'normalizationStatistics'");
    }

    @Test
    void lowResolutionSizeKeepsTheAspectAndNeverEnlarges() {
        assertThat(LowResolution.size(2000, 1000, 256)).containsExactly(512, 256);
        assertThat(LowResolution.size(1000, 3000, 256)).containsExactly(256, 768);
        assertThat(LowResolution.size(300, 200, 256)).containsExactly(300, 200);
        assertThat(LowResolution.size(257, 257, 256)).containsExactly(256, 256);
        assertThat(LowResolution.size(4096, 1024, 256)).as("4:1 keeps the short side").containsExactly(1024, 256);
    }

    @Test
    void aLongStripShrinksToAtMostFourSquaresOfTheShortSide() {
        // Short side below 256, yet 6 MP: the CAN must not run on the strip at full size.
        int[] strip = LowResolution.size(250, 24000, 256);
        assertThat(strip).containsExactly(52, 5016);
        assertThat((long) strip[0] * strip[1]).isLessThanOrEqualTo(4L * 256 * 256);
        int[] extreme = LowResolution.size(1, 1_000_000, 256);
        assertThat(extreme[0]).isEqualTo(1);
        assertThat((long) extreme[0] * extreme[1]).isLessThanOrEqualTo(4L * 256 * 256);
    }

    private static void assertRejected(String json, String message) {
        assertThatThrownBy(() -> ModelDescriptorJson.parse(json)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(message);
    }
}
