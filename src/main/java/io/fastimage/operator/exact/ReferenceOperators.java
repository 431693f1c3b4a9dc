package io.fastimage.operator.exact;

import io.fastimage.operator.ReferenceOperator;
import java.util.List;

/** The registry entry of every exact operator: adding an operator means adding it here. */
public final class ReferenceOperators {

    private ReferenceOperators() {
    }

    public static List<ReferenceOperator> all() {
        return List.of(
                new L0Smoothing(),
                new RudinOsherFatemi(),
                new TvL1Restoration(),
                new RelativeTotalVariation(),
                new MultiscaleTone(),
                new DetailManipulation(),
                new PhotographicStyle(),
                new DarkChannelDehazing(),
                new NonlocalDehazing(),
                new PencilDrawing());
    }
}
