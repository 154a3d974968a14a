package io.github.sortlens.analysis;

import io.github.sortlens.model.Tensor;

/** Small dense double-precision helpers for the weight circuits ({@code [rows, cols]} arrays). */
final class Matrices {

    private Matrices() {
    }

    /** A rank-2 tensor, or the {@code index}-th matrix of a rank-3 one, as {@code [rows, cols]} doubles. */
    static double[][] of(Tensor t, int... index) {
        Tensor m = index.length == 0 ? t : t.slice(index[0]);
        int rows = m.dim(0);
        int cols = m.dim(1);
        double[][] out = new double[rows][cols];
        float[] d = m.data();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = d[r * cols + c];
            }
        }
        return out;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int k = b.length;
        int m = b[0].length;
        if (a[0].length != k) {
            throw new IllegalArgumentException("cannot multiply " + n + "x" + a[0].length + " by " + k + "x" + m);
        }
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double aij = a[i][j];
                for (int c = 0; c < m; c++) {
                    out[i][c] += aij * b[j][c];
                }
            }
        }
        return out;
    }

    static double[][] transpose(double[][] a) {
        double[][] out = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[j][i] = a[i][j];
            }
        }
        return out;
    }

    /** Rows {@code r0..r1} and columns {@code c0..c1} (end exclusive). */
    static double[][] block(double[][] a, int r0, int r1, int c0, int c1) {
        double[][] out = new double[r1 - r0][c1 - c0];
        for (int r = r0; r < r1; r++) {
            System.arraycopy(a[r], c0, out[r - r0], 0, c1 - c0);
        }
        return out;
    }

    /** Rows of {@code a} stacked above rows of {@code b}. */
    static double[][] stack(double[][] a, double[][] b) {
        double[][] out = new double[a.length + b.length][];
        for (int r = 0; r < a.length; r++) {
            out[r] = a[r].clone();
        }
        for (int r = 0; r < b.length; r++) {
            out[a.length + r] = b[r].clone();
        }
        return out;
    }
}
