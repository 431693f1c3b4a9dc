package io.fastimage.model.guided;

import io.fastimage.model.JsonFields;
import io.fastimage.model.NetworkKind;
import io.fastimage.model.NetworkSpec;
import io.fastimage.model.can.CanKind;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deep guided filter network's section of model.json: {@code architecture} holds
 * {@code lowResolutionShortSide}, {@code radius}, {@code epsilon}, {@code guidanceChannels} and
 * {@code lowResolutionNetwork}, the CAN's shape with the fields of a CAN's own section (width, dilations,
 * inputChannels, batchNormEpsilon, and symmetricPadding: the low-resolution copy mirrored beyond its border by
 * that many px inside the block). Nothing at the top level.
 */
public final class GuidedFilterKind implements NetworkKind {

    public static final String TYPE = "deep-guided-filter";
    private static final String NETWORK = "lowResolutionNetwork";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> rootFields() {
        return Set.of();
    }

    @Override
    public GuidedFilterSpec read(JsonFields fields, JsonFields root) {
        fields.onlyAllow("type", "lowResolutionShortSide", "radius", "epsilon", "guidanceChannels", NETWORK);
        int shortSide = fields.integer("lowResolutionShortSide", GuidedFilterSpec.MIN_SHORT_SIDE,
                GuidedFilterSpec.MAX_SHORT_SIDE);
        int radius = fields.integer("radius", 1, GuidedFilterSpec.MAX_RADIUS);
        double epsilon = fields.number("epsilon");
        if (!(epsilon >= GuidedFilterSpec.MIN_EPSILON) || epsilon >= 1) {
            throw new JsonFields.Invalid(fields.path("epsilon") + " must be in [" + GuidedFilterSpec.MIN_EPSILON
                    + ", 1), got " + epsilon);
        }
        int guidance = fields.integer("guidanceChannels", 0, GuidedFilterSpec.MAX_GUIDANCE_CHANNELS);
        JsonFields network = fields.object(NETWORK);
        network.onlyAllow("width", "dilations", "inputChannels", "batchNormEpsilon", CanKind.SYMMETRIC_PADDING);
        return new GuidedFilterSpec(shortSide, radius, epsilon, guidance, CanKind.readArchitecture(network));
    }

    @Override
    public void write(NetworkSpec spec, ObjectNode architecture, ObjectNode root) {
        GuidedFilterSpec guided = (GuidedFilterSpec) spec;
        architecture.put("lowResolutionShortSide", guided.lowResolutionShortSide());
        architecture.put("radius", guided.radius());
        architecture.put("epsilon", guided.epsilon());
        architecture.put("guidanceChannels", guided.guidanceChannels());
        CanKind.writeArchitecture(guided.network(), architecture.putObject(NETWORK));
    }
}
