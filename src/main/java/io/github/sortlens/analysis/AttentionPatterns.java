package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.Tensor;

/**
 * Attention patterns on the example set and how much attention lands where a sorter must look: to predict the
 * i-th smallest value the model can copy it from its position in the unsorted list ({@link ExpectedSources}).
 */
public final class AttentionPatterns {

    private AttentionPatterns() {
    }

    /** @param pattern [example, head, query_pos, key_pos] {@code hook_pattern} of the example run */
    public static AttentionResult compute(ModelConfig c, ExampleSet examples, Tensor pattern) {
        int count = examples.size();
        int heads = c.nHeads();
        int t = c.nCtx();
        int n = c.listLength();
        SequenceLayout layout = SequenceLayout.of(c);
        int[][] tokens = examples.tokens();
        double[][][][] p = new double[count][heads][t][t];
        int[][] expected = new int[count][];
        double[][][] onExpected = new double[count][heads][n];
        double[][][] onSame = new double[count][heads][n];
        double[][] meanExpected = new double[heads][n];
        double[][] meanSame = new double[heads][n];
        double maxRowError = 0;
        for (int b = 0; b < count; b++) {
            expected[b] = ExpectedSources.of(c, tokens[b]);
            for (int h = 0; h < heads; h++) {
                for (int q = 0; q < t; q++) {
                    double sum = 0;
                    for (int k = 0; k < t; k++) {
                        p[b][h][q][k] = pattern.get(b, h, q, k);
                        sum += p[b][h][q][k];
                    }
                    maxRowError = Math.max(maxRowError, Math.abs(sum - 1));
                }
                for (int i = 0; i < n; i++) {
                    double[] row = p[b][h][layout.predictorOf(i)];
                    int source = expected[b][i];
                    onExpected[b][h][i] = row[source];
                    for (int k = layout.input(0); k < layout.input(0) + n; k++) {
                        onSame[b][h][i] += tokens[b][k] == tokens[b][source] ? row[k] : 0;
                    }
                    meanExpected[h][i] += onExpected[b][h][i];
                    meanSame[h][i] += onSame[b][h][i];
                }
            }
        }
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < n; i++) {
                meanExpected[h][i] /= count;
                meanSame[h][i] /= count;
            }
        }
        return new AttentionResult(examples.ids(), Labels.heads(c), Labels.positions(c), p, expected,
                ExpectedSources.DUPLICATES_RULE, onExpected, onSame, meanExpected, meanSame, maxRowError);
    }
}
