package io.fastimage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fastimage.model.ModelDescriptor.AccuracyMeasurement;
import io.fastimage.model.ModelDescriptor.Provenance;
import io.fastimage.model.ModelDescriptor.WeightsFile;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.CanSpec;
import io.fastimage.model.can.NormalizationStatistics;
import io.fastimage.model.can.TfCheckpointImporter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelDescriptorJsonTest {

    static ModelDescriptor sample() {
        return new ModelDescriptor(1, "l0-smoothing", new CanSpec(CanArchitecture.can32(), NormalizationStatistics.RUNNING),
                ChannelOrder.RGB, OutputQuantization.ROUND,
                new WeightsFile("weights.safetensors", "safetensors", "ab".repeat(32)),
                new Provenance("train", "corpus v1", 20_000L, "2026-11-28", "fastimage train ..."),
                List.of(new AccuracyMeasurement("psnr-db", 33.5, "validation split")));
    }

    @Test
    void writtenDescriptorReadsBackEqual() throws Exception {
        ModelDescriptor descriptor = sample();
        assertThat(ModelDescriptorJson.parse(ModelDescriptorJson.format(descriptor))).isEqualTo(descriptor);
    }

    @Test
    void theOriginOfAFineTunedModelReadsBackAndIsCheckedLikeTheRest() throws Exception {
        ModelDescriptor base = sample();
        Provenance p = base.provenance();
        ModelDescriptor tuned = new ModelDescriptor(1, base.operatorId(), base.network(),
                base.channelOrder(), base.outputQuantization(), base.weights(),
                new Provenance(p.source(), p.data(), 900L, p.date(), p.command(), TfCheckpointImporter.AUTHORS_RELEASE),
                base.accuracy());
        String json = ModelDescriptorJson.format(tuned);
        assertThat(json).contains("\"licence\" : \"MIT\"", "d2cf3ab7fe46369aa6896609df0978fe01bc9c89");
        assertThat(ModelDescriptorJson.parse(json)).isEqualTo(tuned);
        assertRejected(json.replace("\"licence\" : \"MIT\",", ""), "missing field 'provenance.origin.licence'");
    }

    static ModelDescriptor withInputs(InputPlanes inputs) {
        ModelDescriptor base = sample();
        return base.withNetwork(new CanSpec(CanArchitecture.can32().withInputs(inputs), NormalizationStatistics.PER_IMAGE));
    }

    static final InputPlanes EVERY_KIND = new InputPlanes(List.of(
            new InputPlane.Parameter("lambda", 0.002, 0.2, InputPlane.Scale.LOG, 0.05, 1.0, 0.01),
            new InputPlane.Task("l0-smoothing"), new InputPlane.Task("tv-l1"),
            new InputPlane.Procedural(InputPlane.Procedural.PENCIL_TEXTURE)));

    @Test
    void inputPlanesOfEveryKindReadBackEqualAndSetTheInputChannels() throws Exception {
        ModelDescriptor descriptor = withInputs(EVERY_KIND);
        String json = ModelDescriptorJson.format(descriptor);
        assertThat(json).contains("\"inputChannels\" : 7", "\"type\" : \"colour\"", "\"scale\" : \"log\"",
                "\"task\" : \"tv-l1\"", "\"name\" : \"pencil-texture\"");
        assertThat(ModelDescriptorJson.parse(json)).isEqualTo(descriptor);
        assertThat(ModelDescriptorJson.parse(json).network().inputs().parameter("lambda")).isPresent();
    }

    @Test
    void aColourOnlyNetworkWritesNoInputsList() {
        assertThat(ModelDescriptorJson.format(sample())).doesNotContain("inputs").contains("\"inputChannels\" : 3");
    }

    @Test
    void badInputPlanesAreRejectedNamingTheField() {
        String json = ModelDescriptorJson.format(withInputs(EVERY_KIND));
        assertRejected(json.replace("\"inputChannels\" : 7", "\"inputChannels\" : 3"),
                "field 'architecture.inputChannels' must be 7");
        assertRejected(json.replace("\"pencil-texture\"", "\"crayon\""), "unknown procedural plane 'crayon'");
        assertRejected(json.replace("\"type\" : \"colour\"", "\"type\" : \"task\""), "must start with");
        assertRejected(json.replace("\"default\" : 0.01", "\"default\" : 0.5"), "default 0.5 is outside");
        assertRejected(json.replace("\"scale\" : \"log\"", "\"scale\" : \"cubic\""),
                "must be one of [linear, log]");
    }

    @Test
    void aParameterPlaneMapsItsRangeOntoThePlaneValues() {
        InputPlane.Parameter log = new InputPlane.Parameter("lambda", 0.001, 0.1, InputPlane.Scale.LOG, 0, 1, 0.01);
        assertThat(log.plane(0.001)).isEqualTo(0.0);
        assertThat(log.plane(0.01)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(log.plane(0.1)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        InputPlane.Parameter linear = new InputPlane.Parameter("sigma", 1, 5, InputPlane.Scale.LINEAR, 0.2, 1.0, 3);
        assertThat(linear.plane(3)).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> linear.plane(5.5)).hasMessageContaining("outside the trained range [1.0, 5.0]");
    }

    @Test
    void symmetricPaddingReadsBackAndIsLeftOutWhenZero() throws Exception {
        ModelDescriptor padded = sample().withNetwork(new CanSpec(CanArchitecture.can32().withSymmetricPadding(8),
                NormalizationStatistics.RUNNING));
        String json = ModelDescriptorJson.format(padded);
        assertThat(json).contains("\"symmetricPadding\" : 8");
        assertThat(ModelDescriptorJson.parse(json)).isEqualTo(padded);
        assertThat(ModelDescriptorJson.parse(json).network().symmetricPadding()).isEqualTo(8);
        assertThat(ModelDescriptorJson.format(sample())).doesNotContain("symmetricPadding");
        assertThat(ModelDescriptorJson.parse(ModelDescriptorJson.format(sample())).network().symmetricPadding()).isZero();
        assertRejected(json.replace("\"symmetricPadding\" : 8", "\"symmetricPadding\" : -1"),
                "field 'architecture.symmetricPadding' must be between 0 and 1024, got -1");
    }

    @Test
    void missingFieldIsNamedWithItsPath() {
        assertRejected(ModelDescriptorJson.format(sample()).replace("\"width\" : 32,", ""),
                "missing field 'architecture.width'");
        assertRejected(ModelDescriptorJson.format(sample()).replace("\"operatorId\" : \"l0-smoothing\",", ""),
                "missing field 'operatorId'");
    }

    @Test
    void badEnumValueListsTheAllowedOnes() {
        assertRejected(ModelDescriptorJson.format(sample()).replace("\"running\"", "\"moving\""),
                "field 'normalizationStatistics' must be one of [per-image, running], got 'moving'");
        assertRejected(ModelDescriptorJson.format(sample()).replace("\"RGB\"", "\"rgb\""),
                "field 'channelOrder' must be one of [RGB, BGR]");
    }

    @Test
    void unknownNetworkKindListsTheKnownOnes() {
        assertRejected(ModelDescriptorJson.format(sample()).replace("\"context-aggregation-network\"", "\"guided\""),
                "field 'architecture.type' must be one of [context-aggregation-network, deep-guided-filter], got 'guided'");
    }

    @Test
    void badNumbersAreRejected() {
        assertRejected(ModelDescriptorJson.format(sample()).replace("\"width\" : 32", "\"width\" : 0"),
                "field 'architecture.width' must be between 1 and 512, got 0");
        assertRejected(ModelDescriptorJson.format(sample()).replace("\"width\" : 32", "\"width\" : 32.5"),
                "field 'architecture.width' must be an integer");
        assertRejected(ModelDescriptorJson.format(sample()).replace("128, 1 ]", "128, -1 ]"),
                "field 'architecture.dilations[8]' must be between 1 and 4096, got -1");
        assertRejected(ModelDescriptorJson.format(sample()).replace("\"inputChannels\" : 3", "\"inputChannels\" : 4"),
                "field 'architecture.inputChannels' must be 3");
    }

    @Test
    void unknownFieldsAndUnsafeFileNamesAreRejected() {
        assertRejected(ModelDescriptorJson.format(sample()).replace("\"channelOrder\"", "\"colour\" : 1, \"channelOrder\""),
                "unknown field 'colour'");
        assertRejected(ModelDescriptorJson.format(sample()).replace("\"weights.safetensors\"", "\"../x.safetensors\""),
                "field 'weights.file' must be a plain file name");
        assertRejected(ModelDescriptorJson.format(sample()).replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"),
                "formatVersion 2 is not supported");
        assertRejected("{ not json", "not valid JSON");
    }

    private static void assertRejected(String json, String message) {
        assertThatThrownBy(() -> ModelDescriptorJson.parse(json)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(message);
    }
}
