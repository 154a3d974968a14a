package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Weights;

import java.util.List;

/**
 * Explains every sorted output of one list exactly ({@link OutputExplanation}). The attention score of query q on
 * key k in head h is {@code (x_q W_Q + b_Q) . (x_k W_K + b_K) / sqrt(d_head)} with {@code x = W_E[tok] + W_pos[pos]};
 * expanding both sides gives seven terms that sum to it:
 * <pre>
 *   token.token  W_E[tok_q] W_Q . W_E[tok_k] W_K        token.position  W_E[tok_q] W_Q . W_pos[k] W_K
 *   position.token  W_pos[q] W_Q . W_E[tok_k] W_K      position.position  W_pos[q] W_Q . W_pos[k] W_K
 *   b_Q.k  b_Q . x_k W_K     q.b_K  x_q W_Q . b_K     b_Q.b_K
 * </pre>
 * (each over {@code sqrt(d_head)}). The last two are the same at every key of a query, so they do not move its
 * attention; they are kept so that the terms sum to the score the model computes.
 */
public final class OutputExplainer {

    /** [term] labels of the score's terms, in {@link OutputExplanation#scoreParts} order. */
    public static final List<String> SCORE_TERMS = List.of("token\u00b7token", "token\u00b7position",
            "position\u00b7token", "position\u00b7position", "b_Q\u00b7key", "query\u00b7b_K", "b_Q\u00b7b_K");

    private final ModelConfig c;
    private final SequenceLayout layout;
    private final LogitPaths paths;
    private final LogitDecomposition decomposition;
    private final ReconstructedModel reconstruction;
    private final double[][][] tokenQ;     // [head][vocab][d_head] W_E W_Q
    private final double[][][] tokenK;     // [head][vocab][d_head] W_E W_K
    private final double[][][] positionQ;  // [head][n_ctx][d_head] W_pos W_Q
    private final double[][][] positionK;  // [head][n_ctx][d_head] W_pos W_K
    private final double[][] bQ;           // [head][d_head]
    private final double[][] bK;           // [head][d_head]

    public OutputExplainer(Weights w) {
        this.c = w.config();
        this.layout = SequenceLayout.of(c);
        this.paths = LogitPaths.of(w);
        this.decomposition = new LogitDecomposition(c, paths);
        // the full recipe reads the exact direct path, never the mean one
        this.reconstruction = new ReconstructedModel(w, paths, Recipe.full(), null);
        double[][] wE = Matrices.of(w.get(Param.W_E));
        double[][] wPos = Matrices.of(w.get(Param.W_POS));
        int heads = c.nHeads();
        tokenQ = new double[heads][][];
        tokenK = new double[heads][][];
        positionQ = new double[heads][][];
        positionK = new double[heads][][];
        for (int h = 0; h < heads; h++) {
            double[][] wQ = Matrices.of(w.get(Param.W_Q), h);
            double[][] wK = Matrices.of(w.get(Param.W_K), h);
            tokenQ[h] = Matrices.multiply(wE, wQ);
            tokenK[h] = Matrices.multiply(wE, wK);
            positionQ[h] = Matrices.multiply(wPos, wQ);
            positionK[h] = Matrices.multiply(wPos, wK);
        }
        bQ = Matrices.of(w.get(Param.B_Q));
        bK = Matrices.of(w.get(Param.B_K));
    }

    /** @param sequence [n_ctx] tokens: START, the list, STOP and the sorted list */
    public OutputExplanation explain(int[] sequence) {
        int n = layout.listLength();
        int heads = c.nHeads();
        int t = c.nCtx();
        int[] correct = new int[n];
        int[] predicted = new int[n];
        int[] runnerUp = new int[n];
        int[] rival = new int[n];
        double[] margin = new double[n];
        double[][] marginParts = new double[n][];
        double[][][] marginBySource = new double[n][heads][t];
        double[][][] score = new double[n][heads][t];
        double[][][][] scoreParts = new double[n][heads][SCORE_TERMS.size()][t];
        double[][][] weight = new double[n][heads][t];
        int[] reconstructed = new int[n];
        double[] reconstructedMargin = new double[n];
        double[] recon = new double[c.dVocab()];
        double[] scratch = new double[t];
        for (int i = 0; i < n; i++) {
            int q = layout.predictorOf(i);
            for (int h = 0; h < heads; h++) {
                scores(h, sequence, q, scoreParts[i][h], score[i][h]);
                softmax(score[i][h], q, weight[i][h]);
            }
            double[][] parts = decomposition.parts(sequence, i, weight[i]);
            double[] logits = LogitDecomposition.sum(parts);
            correct[i] = layout.answer(sequence, i);
            predicted[i] = argmaxExcept(logits, -1);
            runnerUp[i] = argmaxExcept(logits, predicted[i]);
            rival[i] = argmaxExcept(logits, correct[i]);
            marginParts[i] = LogitDecomposition.along(parts, correct[i], rival[i]);
            margin[i] = logits[correct[i]] - logits[rival[i]];
            for (int h = 0; h < heads; h++) {
                for (int k = 0; k <= q; k++) {
                    double[] tw = paths.tokenWrite()[h][sequence[k]];
                    double[] pw = paths.positionWrite()[h][k];
                    marginBySource[i][h][k] = weight[i][h][k]
                            * (tw[correct[i]] - tw[rival[i]] + pw[correct[i]] - pw[rival[i]]);
                }
            }
            reconstruction.logits(sequence, i, null, recon, scratch);
            reconstructed[i] = argmaxExcept(recon, -1);
            reconstructedMargin[i] = recon[correct[i]] - recon[argmaxExcept(recon, correct[i])];
        }
        return new OutputExplanation(LogitDecomposition.labels(c), SCORE_TERMS, correct, predicted, runnerUp, rival,
                margin, marginParts, marginBySource, score, scoreParts, weight, reconstructed, reconstructedMargin);
    }

    /** Fills [term][key] and [key] for the keys up to the query; later keys stay 0 (masked). */
    private void scores(int h, int[] sequence, int q, double[][] terms, double[] total) {
        double scale = Math.sqrt(c.dHead());
        double[] qTok = tokenQ[h][sequence[q]];
        double[] qPos = positionQ[h][q];
        double[] b = bQ[h];
        double[] bk = bK[h];
        double qb = (dot(qTok, bk) + dot(qPos, bk)) / scale;
        double bb = dot(b, bk) / scale;
        for (int k = 0; k <= q; k++) {
            double[] kTok = tokenK[h][sequence[k]];
            double[] kPos = positionK[h][k];
            terms[0][k] = dot(qTok, kTok) / scale;
            terms[1][k] = dot(qTok, kPos) / scale;
            terms[2][k] = dot(qPos, kTok) / scale;
            terms[3][k] = dot(qPos, kPos) / scale;
            terms[4][k] = (dot(b, kTok) + dot(b, kPos)) / scale;
            terms[5][k] = qb;
            terms[6][k] = bb;
            double s = 0;
            for (double[] term : terms) {
                s += term[k];
            }
            total[k] = s;
        }
    }

    private static void softmax(double[] score, int q, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k <= q; k++) {
            max = Math.max(max, score[k]);
        }
        double z = 0;
        for (int k = 0; k <= q; k++) {
            out[k] = Math.exp(score[k] - max);
            z += out[k];
        }
        for (int k = 0; k <= q; k++) {
            out[k] /= z;
        }
    }

    /** The top token other than {@code except} (the first on a tie). */
    static int argmaxExcept(double[] logits, int except) {
        int best = -1;
        for (int v = 0; v < logits.length; v++) {
            if (v != except && (best < 0 || logits[v] > logits[best])) {
                best = v;
            }
        }
        return best;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int e = 0; e < a.length; e++) {
            s += a[e] * b[e];
        }
        return s;
    }
}
