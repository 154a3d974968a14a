package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Logit-difference attribution: what decides the argmax is not the correct token's raw logit (every value token gets
 * a large shared part) but its margin over the strongest wrong token. The margin splits exactly, as direct logit
 * attribution does, along {@code W_U[:, correct] - W_U[:, wrong]}; {@link MarginDecomposition} splits each head's
 * part further, by key role and kind of write.
 */
final class LogitDifferences {

    private final ModelConfig c;
    private final SequenceLayout layout;
    private final double[][] wE;       // [d_vocab, d_model]
    private final double[][] wPos;     // [n_ctx, d_model]
    private final double[][] wU;       // [d_model, d_vocab]
    private final double[] bO;         // [d_model]
    private final double[] bU;         // [d_vocab]
    private final double[][][] ou;     // [head][d_head][d_vocab] W_O[h] W_U
    private final int components;
    private final double[] componentSum;
    private final double[][] componentByOutput;
    private final double[] correctSum;
    private final long[] headPositive;
    private final List<Double> margins = new ArrayList<>();
    private double correctLogitSum;
    private long positive;
    private double maxClosure;

    LogitDifferences(Weights w) {
        this.c = w.config();
        this.layout = SequenceLayout.of(c);
        this.wE = Matrices.of(w.get(Param.W_E));
        this.wPos = Matrices.of(w.get(Param.W_POS));
        this.wU = Matrices.of(w.get(Param.W_U));
        this.bO = toDouble(w.get(Param.B_O).data());
        this.bU = toDouble(w.get(Param.B_U).data());
        this.ou = new double[c.nHeads()][][];
        for (int h = 0; h < c.nHeads(); h++) {
            ou[h] = Matrices.multiply(Matrices.of(w.get(Param.W_O), h), wU);
        }
        this.components = c.nHeads() + 4;
        this.componentSum = new double[components];
        this.componentByOutput = new double[components][c.listLength()];
        this.correctSum = new double[components];
        this.headPositive = new long[c.nHeads()];
    }

    /** @param cache with V and PATTERN cached */
    void add(int[][] tokens, ActivationCache cache) {
        int t = c.nCtx();
        int n = c.listLength();
        int heads = c.nHeads();
        int dh = c.dHead();
        int vocab = c.dVocab();
        float[] logits = cache.logits().data();
        float[] v = cache.get(Hook.V).data();           // [batch, pos, head, d_head]
        float[] pattern = cache.get(Hook.PATTERN).data(); // [batch, head, query_pos, key_pos]
        double[] delta = new double[c.dModel()];
        double[] comp = new double[components];
        double[] correct = new double[components];
        double[] dOu = new double[dh];
        double[] cOu = new double[dh];
        for (int b = 0; b < tokens.length; b++) {
            for (int i = 0; i < n; i++) {
                int q = layout.predictorOf(i);
                int answer = layout.answer(tokens[b], i);
                int lrow = (b * t + q) * vocab;
                int wrong = answer == 0 ? 1 : 0;
                for (int j = 0; j < vocab; j++) {
                    if (j != answer && logits[lrow + j] > logits[lrow + wrong]) {
                        wrong = j;
                    }
                }
                double margin = (double) logits[lrow + answer] - logits[lrow + wrong];
                for (int k = 0; k < delta.length; k++) {
                    delta[k] = wU[k][answer] - wU[k][wrong];
                }
                Arrays.fill(comp, 0);
                Arrays.fill(correct, 0);
                int tok = tokens[b][q];
                for (int k = 0; k < delta.length; k++) {
                    comp[0] += wE[tok][k] * delta[k];
                    comp[1] += wPos[q][k] * delta[k];
                    comp[2 + heads] += bO[k] * delta[k];
                    correct[0] += wE[tok][k] * wU[k][answer];
                    correct[1] += wPos[q][k] * wU[k][answer];
                    correct[2 + heads] += bO[k] * wU[k][answer];
                }
                comp[3 + heads] = bU[answer] - bU[wrong];
                correct[3 + heads] = bU[answer];
                for (int h = 0; h < heads; h++) {
                    for (int e = 0; e < dh; e++) {
                        dOu[e] = ou[h][e][answer] - ou[h][e][wrong];
                        cOu[e] = ou[h][e][answer];
                    }
                    int prow = ((b * heads + h) * t + q) * t;
                    for (int k = 0; k <= q; k++) {
                        int vrow = ((b * t + k) * heads + h) * dh;
                        double d = 0;
                        double r = 0;
                        for (int e = 0; e < dh; e++) {
                            d += v[vrow + e] * dOu[e];
                            r += v[vrow + e] * cOu[e];
                        }
                        double a = pattern[prow + k];
                        comp[2 + h] += a * d;
                        correct[2 + h] += a * r;
                    }
                    headPositive[h] += comp[2 + h] > 0 ? 1 : 0;
                }
                double sum = 0;
                for (int j = 0; j < components; j++) {
                    componentSum[j] += comp[j];
                    componentByOutput[j][i] += comp[j];
                    correctSum[j] += correct[j];
                    sum += comp[j];
                }
                maxClosure = Math.max(maxClosure, Math.abs(sum - margin));
                margins.add(margin);
                positive += margin > 0 ? 1 : 0;
                correctLogitSum += logits[lrow + answer];
            }
        }
    }

    MechanismResult.LogitDifference result(List<String> componentLabels) {
        int count = margins.size();
        int n = c.listLength();
        double[] sorted = margins.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        double[] mean = new double[components];
        double[] correct = new double[components];
        double[][] byOutput = new double[components][n];
        for (int j = 0; j < components; j++) {
            mean[j] = componentSum[j] / count;
            correct[j] = correctSum[j] / count;
            for (int i = 0; i < n; i++) {
                byOutput[j][i] = componentByOutput[j][i] / (count / n);
            }
        }
        double[] headPos = new double[c.nHeads()];
        for (int h = 0; h < c.nHeads(); h++) {
            headPos[h] = (double) headPositive[h] / count;
        }
        double marginSum = 0;
        for (double m : sorted) {
            marginSum += m;
        }
        return new MechanismResult.LogitDifference(componentLabels, marginSum / count, median, mean, byOutput,
                headPos, correctLogitSum / count, correct,
                (double) positive / count, maxClosure);
    }

    static double[] toDouble(float[] f) {
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }
}
