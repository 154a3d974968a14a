package io.github.sortlens.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EigenvaluesTest {

    @Test
    void diagonalMatrixGivesItsDiagonalByDecreasingMagnitude() {
        Eigenvalues.Spectrum s = Eigenvalues.of(new double[][] {{3, 0, 0}, {0, -1, 0}, {0, 0, 2}});
        assertArrayEquals(new double[] {3, 2, -1}, s.real(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0}, s.imag(), 1e-12);
        assertEquals(4.0 / 6.0, s.copyingScore(), 1e-12);
    }

    @Test
    void rotationHasImaginaryEigenvaluesAndZeroCopyingScore() {
        Eigenvalues.Spectrum s = Eigenvalues.of(new double[][] {{0, -2}, {2, 0}});
        assertArrayEquals(new double[] {0, 0}, s.real(), 1e-12);
        assertArrayEquals(new double[] {2, -2}, s.imag(), 1e-12);
        assertEquals(0.0, s.copyingScore(), 1e-12);
    }

    @Test
    void nonSymmetricTriangularMatrixGivesItsDiagonal() {
        Eigenvalues.Spectrum s = Eigenvalues.of(new double[][] {{1, 5, 7}, {0, -4, 2}, {0, 0, 0.5}});
        assertArrayEquals(new double[] {-4, 1, 0.5}, s.real(), 1e-9);
        assertEquals((1 - 4 + 0.5) / 5.5, s.copyingScore(), 1e-9);
    }

    @Test
    void factoredEigenvaluesEqualThoseOfTheFullProduct() {
        double[][] a = {{1, 2}, {0, 1}, {3, -1}, {2, 2}};   // [4, 2]
        double[][] b = {{1, 0, 2, -1}, {0.5, 1, -1, 1}};     // [2, 4]
        Eigenvalues.Spectrum small = Eigenvalues.ofFactored(a, b);
        Eigenvalues.Spectrum full = Eigenvalues.of(Matrices.multiply(a, b));
        assertEquals(2, small.real().length);
        for (int i = 0; i < 2; i++) {
            assertEquals(full.real()[i], small.real()[i], 1e-9);
            assertEquals(full.imag()[i], small.imag()[i], 1e-9);
        }
        assertEquals(0, full.real()[3], 1e-9);
    }
}
