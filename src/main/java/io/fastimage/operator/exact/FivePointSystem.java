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

    /** {@code out = A v}. */
    public void multiply(double[] v, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = diagonal[i] * v[i];
        }
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int i = row + x;
                if (x + 1 < width) {
                    double flow = horizontal[i] * (v[i] - v[i + 1]);
                    out[i] += flow;
                    out[i + 1] -= flow;
                }
                if (y + 1 < height) {
                    double flow = vertical[i] * (v[i] - v[i + width]);
                    out[i] += flow;
                    out[i + width] -= flow;
                }
            }
        }
    }
}
