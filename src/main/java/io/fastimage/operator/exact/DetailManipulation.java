package io.fastimage.operator.exact;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.OperatorInfo;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.List;

/**
 * Detail enhancement with the local Laplacian filter (Paris et al. 2011, fast form of Aubry et al.
 * 2014) on the BT.601 grey image; colour follows by scaling RGB with the ratio of output to input grey.
 */
public final class DetailManipulation implements ReferenceOperator {

    private static final OperatorInfo INFO = new OperatorInfo("detail-manipulation", "Detail manipulation",
            "Local Laplacian filter: amplifies fine detail below the edge threshold, keeps large edges.",
            List.of(ParameterSpec.real("sigma-r", "edge threshold: intensity differences above it count as edges", 0.1, 0.01, 1),
                    ParameterSpec.real("detail", "gain of fine detail (1 leaves the image unchanged, below 1 smooths)", 5, 0, 10),
                    ParameterSpec.whole("levels", "sampled reference levels of the fast filter", 10, 2, 64)));

    @Override
    public OperatorInfo info() {
        return INFO;
    }

    @Override
    public PlanarImage apply(PlanarImage input, ParameterValues parameters) {
        int w = input.width();
        int h = input.height();
        double[] grey = Luma.bt601(input);
        double[] enhanced = new LocalLaplacianFilter(parameters.getInt("levels")).apply(grey, w, h,
                LocalLaplacianFilter.detail(parameters.get("sigma-r"), parameters.get("detail")));
        double[][] planes = new double[3][w * h];
        for (int i = 0; i < grey.length; i++) {
            // A black pixel has no hue to keep: it becomes the grey result. 1e-6 is far below one 8-bit step.
            boolean black = grey[i] < 1e-6;
            double ratio = black ? 0 : enhanced[i] / grey[i];
            for (int c = 0; c < 3; c++) {
                planes[c][i] = Luma.clamp01(black ? enhanced[i] : input.plane(c)[i] * ratio);
            }
        }
        return new PlanarImage(w, h, planes);
    }
}
