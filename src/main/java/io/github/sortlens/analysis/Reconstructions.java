package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.Tensor;

/**
 * The reconstruction test ({@link MechanismResult.Reconstruction}): three simplified models, built from the QK and
 * OV claims only, predict every held-out output, and each is compared with the real model's argmax.
 */
final class Reconstructions {

    private final ModelConfig c;
    private final SequenceLayout layout;
    private final ScoreTable table;
    private final long[] agreeByOutput;
    private long agree;
    private long right;
    private long agreeReal;
    private long agreeUniform;
    private long outputs;
    private int sequences;

    private final double[][][] centredOv; // [head][key value][value output]

    Reconstructions(ModelConfig c, ScoreTable table) {
        this.c = c;
        this.layout = SequenceLayout.of(c);
        this.table = table;
        this.centredOv = new double[c.nHeads()][][];
        for (int h = 0; h < c.nHeads(); h++) {
            centredOv[h] = centred(table.ov()[h]);
        }
        this.agreeByOutput = new long[c.listLength()];
    }

    /**
     * @param pattern   [batch, head, query_pos, key_pos]
     * @param predicted [batch][output] the real model's argmax over all tokens
     */
    void add(int[][] tokens, Tensor pattern, int[][] predicted) {
        int n = c.listLength();
        int t = c.nCtx();
        int heads = c.nHeads();
        int values = c.valueCount();
        int first = layout.input(0);   // the unsorted list, the keys a head reads values from
        float[] p = pattern.data();
        double[] band = new double[values];
        double[] real = new double[values];
        double[] uniform = new double[values];
        double[] weights = new double[n];
        for (int b = 0; b < tokens.length; b++) {
            for (int i = 0; i < n; i++) {
                int q = layout.predictorOf(i);
                int prev = tokens[b][q];
                java.util.Arrays.fill(band, 0);
                java.util.Arrays.fill(real, 0);
                java.util.Arrays.fill(uniform, 0);
                for (int h = 0; h < heads; h++) {
                    double[] scores = table.byPosition()[h][prev][q];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = first; k < first + n; k++) {
                        max = Math.max(max, scores[tokens[b][k]]);
                    }
                    double z = 0;
                    double zReal = 0;
                    for (int k = first; k < first + n; k++) {
                        weights[k - first] = Math.exp(scores[tokens[b][k]] - max);
                        z += weights[k - first];
                        zReal += p[((b * heads + h) * t + q) * t + k];
                    }
                    for (int k = first; k < first + n; k++) {
                        double[] ov = centredOv[h][tokens[b][k]];
                        double a = weights[k - first] / z;
                        double r = zReal > 0 ? p[((b * heads + h) * t + q) * t + k] / zReal : 1.0 / n;
                        for (int j = 0; j < values; j++) {
                            band[j] += a * ov[j];
                            real[j] += r * ov[j];
                            uniform[j] += ov[j] / n;
                        }
                    }
                }
                int truth = predicted[b][i];
                boolean same = argmax(band) == truth;
                agree += same ? 1 : 0;
                agreeByOutput[i] += same ? 1 : 0;
                right += argmax(band) == layout.answer(tokens[b], i) ? 1 : 0;
                agreeReal += argmax(real) == truth ? 1 : 0;
                agreeUniform += argmax(uniform) == truth ? 1 : 0;
                outputs++;
            }
            sequences++;
        }
    }

    MechanismResult.Reconstruction result() {
        double[] byOutput = new double[c.listLength()];
        for (int i = 0; i < byOutput.length; i++) {
            byOutput[i] = (double) agreeByOutput[i] / sequences;
        }
        return new MechanismResult.Reconstruction((double) agree / outputs, (double) right / outputs, byOutput,
                (double) agreeReal / outputs, (double) agreeUniform / outputs);
    }

    /** Each output column's mean over sources removed: what every source writes alike cannot pick a value. */
    static double[][] centred(double[][] ov) {
        double[][] out = new double[ov.length][];
        for (int s = 0; s < ov.length; s++) {
            out[s] = ov[s].clone();
        }
        for (int j = 0; j < ov[0].length; j++) {
            double mean = 0;
            for (double[] row : ov) {
                mean += row[j] / ov.length;
            }
            for (double[] row : out) {
                row[j] -= mean;
            }
        }
        return out;
    }

    /** First index of the largest value. */
    static int argmax(double[] x) {
        int best = 0;
        for (int j = 1; j < x.length; j++) {
            if (x[j] > x[best]) {
                best = j;
            }
        }
        return best;
    }
}
