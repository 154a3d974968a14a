package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Weights;

/**
 * The attention score as the model computes it, reduced to tokens: {@code (x_q W_Q + b_Q) . (x_k W_K + b_K) /
 * sqrt(d_head)} with {@code x = W_E[token] + W_pos[position]}, positions averaged. The score is affine in the query
 * residual and, separately, in the key residual, so the mean of the score over the query positions a token can hold
 * and the key positions of the unsorted list is exactly the score of the mean residuals: no approximation.
 *
 * <p>Query positions: a value token is a query at outputs 1..n-1 (positions {@code n+2 .. 2n}); STOP at output 0
 * (position {@code n+1}); START only at position 0. Keys are the value tokens of the unsorted list (positions
 * {@code 1..n}).

 *
 * @param score       [head][query token (d_vocab)][key value] the score the model computes, positions averaged
 * @param weightsOnly [head][query token][key value] {@code W_E[q] W_Q . W_E[k] W_K / sqrt(d_head)}: the weights-only
 *                    QK token block, scaled like the score
 */
public record ScoreTable(double[][][] score, double[][][] weightsOnly) {

    /** Builds the tables from the weights. */
    public static ScoreTable of(Weights w) {
        ModelConfig c = w.config();
        int heads = c.nHeads();
        int vocab = c.dVocab();
        int values = c.valueCount();
        double[][] wE = Matrices.of(w.get(Param.W_E));        // [d_vocab, d_model]
        SequenceLayout layout = SequenceLayout.of(c);
        double[] keyPos = meanPosition(w, layout.input(0), layout.stop());
        double[][] queryResid = new double[vocab][];           // [d_vocab][d_model]
        double[][] queryTok = new double[vocab][];
        for (int t = 0; t < vocab; t++) {
            queryResid[t] = plus(wE[t], queryPosition(w, c, t));
            queryTok[t] = wE[t];
        }
        double[][][] score = new double[heads][][];
        double[][][] weightsOnly = new double[heads][][];
        double scale = Math.sqrt(c.dHead());
        for (int h = 0; h < heads; h++) {
            double[][] wQ = Matrices.of(w.get(Param.W_Q), h);  // [d_model, d_head]
            double[][] wK = Matrices.of(w.get(Param.W_K), h);
            double[] bQ = Matrices.of(w.get(Param.B_Q))[h];
            double[] bK = Matrices.of(w.get(Param.B_K))[h];
            double[][] keyResid = new double[values][];
            for (int k = 0; k < values; k++) {
                keyResid[k] = plus(wE[k], keyPos);
            }
            double[][] q = affine(queryResid, wQ, bQ);          // [d_vocab, d_head]
            double[][] k = affine(keyResid, wK, bK);            // [values, d_head]
            score[h] = scaled(Matrices.multiply(q, Matrices.transpose(k)), scale);
            double[][] qTok = affine(queryTok, wQ, null);
            double[][] kTok = affine(Matrices.block(wE, 0, values, 0, wE[0].length), wK, null);
            weightsOnly[h] = scaled(Matrices.multiply(qTok, Matrices.transpose(kTok)), scale);
        }
        return new ScoreTable(score, weightsOnly);
    }

    /** Mean of {@code W_pos} rows {@code from .. to-1}. */
    static double[] meanPosition(Weights w, int from, int to) {
        double[][] wPos = Matrices.of(w.get(Param.W_POS));
        double[] out = new double[wPos[0].length];
        for (int p = from; p < to; p++) {
            for (int i = 0; i < out.length; i++) {
                out[i] += wPos[p][i] / (to - from);
            }
        }
        return out;
    }

    /** Mean position embedding over the positions where {@code token} is a query (see the class note). */
    private static double[] queryPosition(Weights w, ModelConfig c, int token) {
        int first = SequenceLayout.of(c).predictorOf(0);
        if (token == c.stopToken()) {
            return meanPosition(w, first, first + 1);
        }
        if (token == c.startToken()) {
            return meanPosition(w, 0, 1);
        }
        int n = c.listLength();
        return n > 1 ? meanPosition(w, first + 1, first + n) : meanPosition(w, first, first + 1);
    }

    private static double[][] affine(double[][] x, double[][] weight, double[] bias) {
        double[][] out = Matrices.multiply(x, weight);
        if (bias != null) {
            for (double[] row : out) {
                for (int i = 0; i < row.length; i++) {
                    row[i] += bias[i];
                }
            }
        }
        return out;
    }

    /** a + b, element by element (a new array). */
    static double[] plus(double[] a, double[] b) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }

    private static double[][] scaled(double[][] m, double divisor) {
        for (double[] row : m) {
            for (int i = 0; i < row.length; i++) {
                row[i] /= divisor;
            }
        }
        return m;
    }
}
