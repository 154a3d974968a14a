package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Weights;

import java.util.ArrayList;
import java.util.List;

/**
 * The sizes that explain the ablations: a head's mean output (what mean ablation writes everywhere) against its
 * typical output and {@code b_O}, and how strongly each would push the logits (max - min over tokens) against what
 * zero ablation leaves (the direct path). A mean output that is large and points at fixed tokens makes the model
 * confidently wrong, which costs far more loss than the near-uniform logits of the direct path.
 */
final class OutputScales {

    private final ModelConfig c;
    private final SequenceLayout layout;
    private final double[][] wU;           // [d_model, d_vocab]
    private final double[] bO;
    private final double[][] directSpread; // [d_vocab token][n_ctx position]
    private final double[][][] resultSum;  // [head][output][d_model]
    private final double[] normSum;        // [head]
    private double directSum;
    private double cleanSum;
    private long outputs;
    private int sequences;

    OutputScales(Weights w) {
        this.c = w.config();
        this.layout = SequenceLayout.of(c);
        this.wU = Matrices.of(w.get(Param.W_U));
        this.bO = LogitDifferences.toDouble(w.get(Param.B_O).data());
        double[] bU = LogitDifferences.toDouble(w.get(Param.B_U).data());
        double[][] wE = Matrices.of(w.get(Param.W_E));
        double[][] wPos = Matrices.of(w.get(Param.W_POS));
        this.directSpread = new double[c.dVocab()][c.nCtx()];
        double[] x = new double[c.dModel()];
        for (int tok = 0; tok < c.dVocab(); tok++) {
            for (int p = 0; p < c.nCtx(); p++) {
                for (int k = 0; k < x.length; k++) {
                    x[k] = wE[tok][k] + wPos[p][k] + bO[k];
                }
                directSpread[tok][p] = spread(x, bU);
            }
        }
        this.resultSum = new double[c.nHeads()][c.listLength()][c.dModel()];
        this.normSum = new double[c.nHeads()];
    }

    /** @param cache with RESULT cached */
    void add(int[][] tokens, ActivationCache cache) {
        int t = c.nCtx();
        int d = c.dModel();
        int heads = c.nHeads();
        int vocab = c.dVocab();
        float[] result = cache.get(Hook.RESULT).data(); // [batch, pos, head, d_model]
        float[] logits = cache.logits().data();
        for (int b = 0; b < tokens.length; b++) {
            for (int i = 0; i < c.listLength(); i++) {
                int q = layout.predictorOf(i);
                for (int h = 0; h < heads; h++) {
                    int row = ((b * t + q) * heads + h) * d;
                    double sq = 0;
                    for (int k = 0; k < d; k++) {
                        resultSum[h][i][k] += result[row + k];
                        sq += (double) result[row + k] * result[row + k];
                    }
                    normSum[h] += Math.sqrt(sq);
                }
                directSum += directSpread[tokens[b][q]][q];
                double max = Double.NEGATIVE_INFINITY;
                double min = Double.POSITIVE_INFINITY;
                for (int j = 0; j < vocab; j++) {
                    max = Math.max(max, logits[(b * t + q) * vocab + j]);
                    min = Math.min(min, logits[(b * t + q) * vocab + j]);
                }
                cleanSum += max - min;
                outputs++;
            }
            sequences++;
        }
    }

    MechanismResult.OutputScale result() {
        int n = c.listLength();
        List<MechanismResult.HeadScale> heads = new ArrayList<>();
        double[] zero = new double[c.dVocab()];
        for (int h = 0; h < c.nHeads(); h++) {
            double normOfMean = 0;
            double spreadOfMean = 0;
            int[] top = new int[n];
            for (int i = 0; i < n; i++) {
                double[] mean = resultSum[h][i].clone();
                for (int k = 0; k < mean.length; k++) {
                    mean[k] /= sequences;
                }
                normOfMean += norm(mean) / n;
                spreadOfMean += spread(mean, zero) / n;
                top[i] = topToken(mean);
            }
            heads.add(new MechanismResult.HeadScale(Labels.head(h), normOfMean, normSum[h] / outputs, spreadOfMean,
                    top));
        }
        return new MechanismResult.OutputScale(norm(bO), directSum / outputs, cleanSum / outputs, heads);
    }

    /** max - min over tokens of {@code x W_U + bias}. */
    private double spread(double[] x, double[] bias) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < c.dVocab(); j++) {
            double s = bias[j];
            for (int k = 0; k < x.length; k++) {
                s += x[k] * wU[k][j];
            }
            max = Math.max(max, s);
            min = Math.min(min, s);
        }
        return max - min;
    }

    private int topToken(double[] x) {
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c.dVocab(); j++) {
            double s = 0;
            for (int k = 0; k < x.length; k++) {
                s += x[k] * wU[k][j];
            }
            if (s > bestValue) {
                bestValue = s;
                best = j;
            }
        }
        return best;
    }

    static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
