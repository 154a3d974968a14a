package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each head's attention goes at the sorted outputs, accumulated chunk by chunk: by the key's value relative to
 * the answer (all copies of a value summed) and by the key's role. A sorter that points at its answer puts its mass
 * at delta 0; a band spreads it over neighbouring values.
 */
final class AttentionMass {

    static final List<String> ROLES = List.of("unsorted list", "START", "STOP", "sorted half");

    private final ModelConfig c;
    private final SequenceLayout layout;
    private final double[][][] byRole;   // [head][output][role]
    private final double[][][] byDelta;  // [head][output][delta + V - 1]
    private final long[][] topHits;      // [head][output]
    private int sequences;

    AttentionMass(ModelConfig c) {
        this.c = c;
        this.layout = SequenceLayout.of(c);
        int n = c.listLength();
        this.byRole = new double[c.nHeads()][n][ROLES.size()];
        this.byDelta = new double[c.nHeads()][n][2 * c.valueCount() - 1];
        this.topHits = new long[c.nHeads()][n];
    }

    /** @param pattern [batch, head, query_pos, key_pos] */
    void add(int[][] tokens, Tensor pattern) {
        int t = c.nCtx();
        int n = c.listLength();
        int heads = c.nHeads();
        int offset = c.valueCount() - 1;
        float[] p = pattern.data();
        for (int b = 0; b < tokens.length; b++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < n; i++) {
                    int q = layout.predictorOf(i);
                    int answer = layout.answer(tokens[b], i);
                    int row = ((b * heads + h) * t + q) * t;
                    int top = 0;
                    for (int k = 0; k <= q; k++) {
                        double a = p[row + k];
                        if (a > p[row + top]) {
                            top = k;
                        }
                        switch (layout.role(k)) {
                            case INPUT -> {
                                byRole[h][i][0] += a;
                                byDelta[h][i][tokens[b][k] - answer + offset] += a;
                            }
                            case START -> byRole[h][i][1] += a;
                            case STOP -> byRole[h][i][2] += a;
                            case OUTPUT -> byRole[h][i][3] += a;
                        }
                    }
                    if (layout.role(top) == SequenceLayout.Role.INPUT && tokens[b][top] == answer) {
                        topHits[h][i]++;
                    }
                }
            }
            sequences++;
        }
    }

    List<MechanismResult.HeadAttention> result() {
        int n = c.listLength();
        int[] deltas = new int[2 * c.valueCount() - 1];
        for (int j = 0; j < deltas.length; j++) {
            deltas[j] = j - (c.valueCount() - 1);
        }
        List<MechanismResult.HeadAttention> out = new ArrayList<>();
        for (int h = 0; h < c.nHeads(); h++) {
            double[][] role = divide(byRole[h], sequences);
            double[][] delta = divide(byDelta[h], sequences);
            double[] top = new double[n];
            double topMean = 0;
            for (int i = 0; i < n; i++) {
                top[i] = (double) topHits[h][i] / sequences;
                topMean += top[i] / n;
            }
            out.add(new MechanismResult.HeadAttention(Labels.head(h), ROLES, role, columnMean(role), deltas, delta,
                    columnMean(delta), top, topMean));
        }
        return out;
    }

    static double[][] divide(double[][] sums, double count) {
        double[][] out = new double[sums.length][];
        for (int r = 0; r < sums.length; r++) {
            out[r] = sums[r].clone();
            for (int j = 0; j < out[r].length; j++) {
                out[r][j] /= count;
            }
        }
        return out;
    }

    static double[] columnMean(double[][] m) {
        double[] out = new double[m[0].length];
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
                out[j] += row[j] / m.length;
            }
        }
        return out;
    }
}
