package io.github.sortlens.train;

import io.github.sortlens.config.RunConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.Scoring;
import io.github.sortlens.model.SortingTransformer;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;

import java.util.Arrays;

/**
 * Loss, token accuracy and fully-sorted fraction on fresh sequences from the held-out stream (derived from the one
 * seed, never drawn by training). Runs in chunks to bound memory.
 */
public final class HeldOutEvaluator {

    /** Name of the held-out stream: the analysis stage draws its held-out set from the same one. */
    public static final String HELD_OUT_STREAM = "held-out";
    private static final int CHUNK = 1000;

    private final int[][] sequences;
    private final Scoring scoring;

    public HeldOutEvaluator(RunConfig config, int size) {
        SortingTask task = new SortingTask(config.model());
        this.sequences = task.randomSequences(SplitMix64.derive(config.train().seed(), HELD_OUT_STREAM), size);
        this.scoring = new Scoring(config.model());
    }

    public HeldOutMetrics evaluate(Weights weights, int step) {
        SortingTransformer model = new SortingTransformer(weights);
        int n = weights.config().listLength();
        double lossSum = 0;
        long correct = 0;
        long fullySorted = 0;
        for (int start = 0; start < sequences.length; start += CHUNK) {
            int[][] chunk = Arrays.copyOfRange(sequences, start, Math.min(sequences.length, start + CHUNK));
            Tensor logits = model.logits(chunk);
            for (int b = 0; b < chunk.length; b++) {
                int right = 0;
                for (int i = 0; i < n; i++) {
                    int pos = scoring.predictionPosition(i);
                    int target = chunk[b][pos + 1];
                    lossSum -= Scoring.logProb(logits, b, pos, target);
                    if (Scoring.argmax(logits, b, pos) == target) {
                        right++;
                    }
                }
                correct += right;
                fullySorted += right == n ? 1 : 0;
            }
        }
        long tokens = (long) sequences.length * n;
        return new HeldOutMetrics(step, sequences.length, lossSum / tokens, (double) correct / tokens,
                (double) fullySorted / sequences.length);
    }
}
