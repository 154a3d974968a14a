package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.Scoring;
import io.github.sortlens.model.Tensor;

/** The correct-token logit, mean-centred logit and log-probability at every position of every example. */
public final class TokenHeatmaps {

    private TokenHeatmaps() {
    }

    /** @param logits [example, position, d_vocab] from the example run */
    public static HeatmapsResult compute(ModelConfig c, ExampleSet examples, Tensor logits) {
        int count = examples.size();
        int positions = c.nCtx() - 1;
        int v = c.dVocab();
        int[][] tokens = examples.tokens();
        double[][] logit = new double[count][positions];
        double[][] centred = new double[count][positions];
        double[][] logProb = new double[count][positions];
        for (int b = 0; b < count; b++) {
            for (int p = 0; p < positions; p++) {
                int target = tokens[b][p + 1];
                double mean = 0;
                for (int j = 0; j < v; j++) {
                    mean += logits.get(b, p, j);
                }
                mean /= v;
                logit[b][p] = logits.get(b, p, target);
                centred[b][p] = logit[b][p] - mean;
                logProb[b][p] = Scoring.logProb(logits, b, p, target);
            }
        }
        return new HeatmapsResult(examples.ids(), Labels.positions(c).subList(0, positions),
                SequenceLayout.of(c).predictorOf(0), logit, centred, logProb);
    }
}
