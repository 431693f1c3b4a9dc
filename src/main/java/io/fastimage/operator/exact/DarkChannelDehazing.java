package io.fastimage.operator.exact;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.OperatorInfo;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.List;

/**
 * Dark channel prior dehazing (He, Sun, Tang CVPR 2009 / TPAMI 2011) with the transmission refined by
 * the guided filter (ECCV 2010) instead of soft matting. Haze model {@code I = J t + A (1 - t)}:
 * {@code t = 1 - omega * dark(I / A)}, refined with the grey image as guide, then
 * {@code J = (I - A) / max(t, t0) + A}.
 */
public final class DarkChannelDehazing implements ReferenceOperator {

    private static final OperatorInfo INFO = new OperatorInfo("dark-channel-dehazing", "Dark channel dehazing",
            "Removes haze with the dark channel prior; the transmission is refined with a guided filter.",
            List.of(ParameterSpec.real("omega", "fraction of the haze removed (1 removes all)", 0.95, 0, 1),
                    ParameterSpec.real("t0", "lower bound of the transmission, limits noise in dense haze", 0.1, 0.01, 1),
                    ParameterSpec.whole("patch-radius", "dark channel patch radius (7 gives 15 x 15)", 7, 0, 50),
                    ParameterSpec.whole("guided-radius", "guided filter window radius", 60, 1, 200),
                    ParameterSpec.real("guided-epsilon", "guided filter regularisation", 1e-4, 1e-8, 1)));

    @Override
    public OperatorInfo info() {
        return INFO;
    }

    /** Airlight and refined transmission, kept apart for tests. */
    record Estimate(double[] airlight, double[] transmission) {
    }

    Estimate estimate(PlanarImage input, ParameterValues parameters) {
        int patchRadius = parameters.getInt("patch-radius");
        double[] airlight = DarkChannel.airlight(input, DarkChannel.of(input, new double[] {1, 1, 1}, patchRadius));
        double[] normalisedDark = DarkChannel.of(input, DarkChannel.safeDivisor(airlight), patchRadius);
        double omega = parameters.get("omega");
        double[] raw = new double[normalisedDark.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = 1 - omega * normalisedDark[i];
        }
        GuidedFilter refine = new GuidedFilter(parameters.getInt("guided-radius"), parameters.get("guided-epsilon"));
        return new Estimate(airlight, refine.filter(Luma.bt601(input), raw, input.width(), input.height()));
    }

    @Override
    public PlanarImage apply(PlanarImage input, ParameterValues parameters) {
        Estimate estimate = estimate(input, parameters);
        double t0 = parameters.get("t0");
        double[][] planes = new double[3][input.pixelCount()];
        for (int c = 0; c < 3; c++) {
            double a = estimate.airlight()[c];
            double[] in = input.plane(c);
            for (int i = 0; i < in.length; i++) {
                planes[c][i] = Luma.clamp01((in[i] - a) / Math.max(estimate.transmission()[i], t0) + a);
            }
        }
        return new PlanarImage(input.width(), input.height(), planes);
    }
}
