package io.github.sortlens.analysis;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Eigenvalues of a low-rank circuit {@code A B} ({@code A: [n, r]}, {@code B: [r, n]}, {@code r <= n}), computed as
 * TransformerLens' {@code FactoredMatrix.eigenvalues} does: on the small {@code B A} ({@code [r, r]}), whose
 * eigenvalues are the non-zero eigenvalues of {@code A B}. Uses EJML's general (non-symmetric) eigen-decomposition.
 */
public final class Eigenvalues {

    /**
     * @param real [k] real parts, sorted by decreasing magnitude (then real part, then imaginary part)
     * @param imag [k] imaginary parts, same order
     */
    public record Spectrum(double[] real, double[] imag) {

        /** sum Re(lambda) / sum |lambda|: 1 for a pure copying map (positive real spectrum), -1 for anti-copying. */
        public double copyingScore() {
            double re = 0;
            double abs = 0;
            for (int i = 0; i < real.length; i++) {
                re += real[i];
                abs += Math.hypot(real[i], imag[i]);
            }
            return abs == 0 ? 0 : re / abs;
        }
    }

    private Eigenvalues() {
    }

    /** Eigenvalues of a square matrix. */
    public static Spectrum of(double[][] square) {
        int n = square.length;
        DMatrixRMaj m = new DMatrixRMaj(square);
        if (m.numCols != n) {
            throw new IllegalArgumentException("not square: " + n + "x" + m.numCols);
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(m)) {
            throw new IllegalStateException("EJML eigen-decomposition did not converge on a " + n + "x" + n + " matrix");
        }
        List<Complex_F64> values = new ArrayList<>();
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            values.add(eig.getEigenvalue(i));
        }
        values.sort(Comparator.<Complex_F64>comparingDouble(c -> -c.getMagnitude())
                .thenComparingDouble(c -> -c.real).thenComparingDouble(c -> -c.imaginary));
        double[] re = new double[values.size()];
        double[] im = new double[values.size()];
        for (int i = 0; i < values.size(); i++) {
            re[i] = values.get(i).real;
            im[i] = values.get(i).imaginary;
        }
        return new Spectrum(re, im);
    }

    /** Non-zero eigenvalues of {@code A B} from the small product {@code B A}. */
    public static Spectrum ofFactored(double[][] a, double[][] b) {
        return of(Matrices.multiply(b, a));
    }
}
