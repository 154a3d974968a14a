package io.github.sortlens.analysis;

/**
 * The best rank-r approximation of a small matrix (truncated SVD), by power iteration on {@code A^T A} with
 * deflation. Deterministic: the start vector is fixed. Enough for the 30 x 30 blocks of the circuits.
 */
final class LowRank {

    private static final int ITERATIONS = 500;

    private LowRank() {
    }

    /** [rows][cols] the sum of the top {@code rank} singular triples of {@code a}. */
    static double[][] approximate(double[][] a, int rank) {
        int rows = a.length;
        int cols = a[0].length;
        double[][] residual = new double[rows][];
        for (int r = 0; r < rows; r++) {
            residual[r] = a[r].clone();
        }
        double[][] out = new double[rows][cols];
        for (int k = 0; k < Math.min(rank, Math.min(rows, cols)); k++) {
            double[] v = new double[cols];
            for (int j = 0; j < cols; j++) {
                v[j] = 1 + (double) j / cols;
            }
            normalise(v);
            double[] u = new double[rows];
            for (int it = 0; it < ITERATIONS; it++) {
                u = times(residual, v);
                double[] w = timesTransposed(residual, u);
                if (normalise(w) == 0) {
                    break;
                }
                v = w;
            }
            u = times(residual, v);   // = sigma * u_unit
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    out[r][j] += u[r] * v[j];
                    residual[r][j] -= u[r] * v[j];
                }
            }
        }
        return out;
    }

    private static double[] times(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            for (int j = 0; j < v.length; j++) {
                out[r] += a[r][j] * v[j];
            }
        }
        return out;
    }

    private static double[] timesTransposed(double[][] a, double[] u) {
        double[] out = new double[a[0].length];
        for (int r = 0; r < a.length; r++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += a[r][j] * u[r];
            }
        }
        return out;
    }

    private static double normalise(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] /= norm;
            }
        }
        return norm;
    }
}
