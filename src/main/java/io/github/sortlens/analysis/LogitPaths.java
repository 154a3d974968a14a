package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Weights;

/**
 * Every path from an embedding to the logits, as weight products in double precision. In a one-layer attention-only
 * model the logits at query position q are exactly
 * <pre>
 *   W_E[tok_q] W_U + W_pos[q] W_U + b_O W_U + b_U
 *     + sum_h sum_{k <= q} pattern_h[q, k] ( W_E[tok_k] W_V W_O W_U  +  (W_pos[k] W_V + b_V) W_O W_U )
 * </pre>
 * (the pattern of each query row sums to 1, so {@code b_V} rides with the position write without changing the sum).
 * What a key writes therefore splits into a token write, which depends only on its token, and a position write,
 * which depends only on where it sits.
 *
 * @param tokenWrite     [head][token][vocab] {@code W_E[t] W_V W_O W_U}
 * @param positionWrite  [head][position][vocab] {@code (W_pos[p] W_V + b_V) W_O W_U}
 * @param directToken    [token][vocab] {@code W_E W_U}
 * @param directPosition [position][vocab] {@code W_pos W_U}
 * @param bO             [vocab] {@code b_O W_U}
 * @param bU             [vocab] {@code b_U}
 */
public record LogitPaths(double[][][] tokenWrite, double[][][] positionWrite, double[][] directToken,
                         double[][] directPosition, double[] bO, double[] bU) {

    public static LogitPaths of(Weights w) {
        ModelConfig c = w.config();
        double[][] wE = Matrices.of(w.get(Param.W_E));
        double[][] wPos = Matrices.of(w.get(Param.W_POS));
        double[][] wU = Matrices.of(w.get(Param.W_U));
        double[][] bV = Matrices.of(w.get(Param.B_V));
        double[][][] tokenWrite = new double[c.nHeads()][][];
        double[][][] positionWrite = new double[c.nHeads()][][];
        for (int h = 0; h < c.nHeads(); h++) {
            double[][] ou = Matrices.multiply(Matrices.of(w.get(Param.W_O), h), wU);   // [d_head, vocab]
            double[][] wV = Matrices.of(w.get(Param.W_V), h);                          // [d_model, d_head]
            tokenWrite[h] = Matrices.multiply(Matrices.multiply(wE, wV), ou);
            double[][] v = Matrices.multiply(wPos, wV);
            for (double[] row : v) {
                for (int e = 0; e < row.length; e++) {
                    row[e] += bV[h][e];
                }
            }
            positionWrite[h] = Matrices.multiply(v, ou);
        }
        double[][] bO = Matrices.multiply(new double[][] {LogitDifferences.toDouble(w.get(Param.B_O).data())}, wU);
        return new LogitPaths(tokenWrite, positionWrite, Matrices.multiply(wE, wU), Matrices.multiply(wPos, wU),
                bO[0], LogitDifferences.toDouble(w.get(Param.B_U).data()));
    }

    /** What a residual vector {@code x} (for example a mean of position embeddings) writes through head h's OV. */
    static double[] write(Weights w, int h, double[] x) {
        double[][] wV = Matrices.of(w.get(Param.W_V), h);
        double[][] v = Matrices.multiply(new double[][] {x}, wV);
        double[] bV = Matrices.of(w.get(Param.B_V))[h];
        for (int e = 0; e < bV.length; e++) {
            v[0][e] += bV[e];
        }
        return Matrices.multiply(Matrices.multiply(v, Matrices.of(w.get(Param.W_O), h)),
                Matrices.of(w.get(Param.W_U)))[0];
    }
}
