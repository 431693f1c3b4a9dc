package io.fastimage.codec;

import io.fastimage.image.Matrix3;

/**
 * The colorant tags of a matrix/TRC ICC profile from PNG {@code cHRM} chromaticities: the XYZ of each primary at
 * full intensity under the file's white point, chromatically adapted to the profile connection space's D50 white
 * with the Bradford transform, as ICC.1 (annex E) and the PNG specification (section 12.2) describe. Only builds
 * the profile; converting pixels is the CMM's job.
 */
final class PngChromaticities {

    /** D50, the ICC profile connection space's white (ICC.1 7.2.16). */
    private static final double[] D50 = {0.9642, 1.0, 0.8249};
    private static final double[][] BRADFORD = {
        {0.8951, 0.2664, -0.1614},
        {-0.7502, 1.7135, 0.0367},
        {0.0389, -0.0685, 1.0296}};
    private static final double PNG_UNIT = 100_000.0;

    private PngChromaticities() {
    }

    /**
     * Red, green and blue colorants (each X, Y, Z, D50-adapted) for {@code cHRM} values white x, y, red x, y,
     * green x, y, blue x, y (× 100000), or null when they describe no valid RGB space (a y of 0, collinear primaries, a white outside the primaries).
     */
    static double[][] colorantsD50(long[] chromaticities) {
        double[] white = xyz(chromaticities[0], chromaticities[1]);
        double[][] primaries = new double[3][];
        for (int p = 0; p < 3; p++) {
            primaries[p] = xyz(chromaticities[2 + 2 * p], chromaticities[3 + 2 * p]);
        }
        if (white == null || primaries[0] == null || primaries[1] == null || primaries[2] == null) {
            return null;
        }
        double[][] columns = transpose(primaries); // columns: the primaries' XYZ with Y = 1
        double[][] inverse = Matrix3.invert(columns);
        if (inverse == null) {
            return null;
        }
        double[] scale = Matrix3.multiply(inverse, white);
        if (scale[0] <= 0 || scale[1] <= 0 || scale[2] <= 0) {
            return null; // the white point lies outside the primaries' triangle
        }
        double[][] adaptation = bradford(white);
        double[][] colorants = new double[3][];
        for (int p = 0; p < 3; p++) {
            double[] unadapted = {primaries[p][0] * scale[p], primaries[p][1] * scale[p], primaries[p][2] * scale[p]};
            colorants[p] = Matrix3.multiply(adaptation, unadapted);
        }
        return colorants;
    }

    /** XYZ with Y = 1 of chromaticity (x, y). */
    private static double[] xyz(long xFixed, long yFixed) {
        double x = xFixed / PNG_UNIT;
        double y = yFixed / PNG_UNIT;
        if (y <= 0 || x < 0 || x + y > 1) {
            return null;
        }
        return new double[] {x / y, 1, (1 - x - y) / y};
    }

    private static double[][] bradford(double[] sourceWhite) {
        double[] from = Matrix3.multiply(BRADFORD, sourceWhite);
        double[] to = Matrix3.multiply(BRADFORD, D50);
        double[][] diagonal = new double[3][3];
        for (int i = 0; i < 3; i++) {
            diagonal[i][i] = to[i] / from[i];
        }
        return Matrix3.product(Matrix3.invert(BRADFORD), Matrix3.product(diagonal, BRADFORD));
    }

    private static double[][] transpose(double[][] m) {
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[i][j] = m[j][i];
            }
        }
        return out;
    }
}
