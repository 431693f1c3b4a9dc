package io.fastimage.operator.exact;

/**
 * A sparse symmetric positive-definite system on the pixel grid: {@code A = diag(d) + L_w}, where
 * {@code L_w} is the weighted graph Laplacian of the 4-neighbourhood,
 * {@code (L_w x)_i = sum over neighbours j of w_ij (x_i - x_j)}. This is the shape of every linear
 * system among the operators (RTV, WLS tone, nonlocal dehazing, pencil texture): a data term on the
 * diagonal plus a smoothness term with per-edge weights. Nothing is stored beyond the weights.
 *
 * <p>{@code horizontal[i]} couples pixel {@code i = y * width + x} with its right neighbour and is
 * ignored in the last column; {@code vertical[i]} couples it with the pixel below and is ignored in
 * the last row. Weights must be non-negative and the diagonal positive somewhere on every connected
 * part, which makes the matrix positive definite.
 */
public record FivePointSystem(int width, int height, double[] diagonal, double[] horizontal, double[] vertical) {

    public FivePointSystem {
        int n = width * height;
        if (width < 1 || height < 1 || diagonal.length != n || horizontal.length != n || vertical.length != n) {
            throw new IllegalArgumentException("every array must hold width*height = " + n + " values");
        }
    }

    public int size() {
        return width * height;
    }

    /** The diagonal of {@code A}: data term plus the weights of the edges at each pixel. */
    public double[] matrixDiagonal() {
        double[] diag = diagonal.clone();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (x + 1 < width) {
                    diag[i] += horizontal[i];
                    diag[i + 1] += horizontal[i];
                }
                if (y + 1 < height) {
                    diag[i] += vertical[i];
                    diag[i + width] += vertical[i];
                }
            }
        }
        return diag;
    }

    /**
     * {@code out = A v}, gathered per pixel. At the border the missing neighbour's offset is 0, which
     * makes its term {@code w (v_i - v_i)} exactly zero, so weights stored there are never read.
     */
    public void multiply(double[] v, double[] out) {
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int up = y > 0 ? width : 0;
            int down = y + 1 < height ? width : 0;
            int last = row + width - 1;
            multiplyAt(v, out, row, 0, width > 1 ? 1 : 0, up, down);
            for (int i = row + 1; i < last; i++) {
                double vi = v[i];
                out[i] = diagonal[i] * vi
                        + horizontal[i - 1] * (vi - v[i - 1]) + horizontal[i] * (vi - v[i + 1])
                        + vertical[i - up] * (vi - v[i - up]) + vertical[i] * (vi - v[i + down]);
            }
            if (last > row) {
                multiplyAt(v, out, last, 1, 0, up, down);
            }
        }
    }

    private void multiplyAt(double[] v, double[] out, int i, int left, int right, int up, int down) {
        double vi = v[i];
        out[i] = diagonal[i] * vi
                + horizontal[i - left] * (vi - v[i - left]) + horizontal[i] * (vi - v[i + right])
                + vertical[i - up] * (vi - v[i - up]) + vertical[i] * (vi - v[i + down]);
    }
}
