package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;

/**
 * The task's scoring, in double precision from logits: which positions count (the sorted half), the log-probability
 * of the correct next token (max-shifted log-softmax, finite for any logit gap) and whether the top logit is right.
 */
public final class Scoring {

    private final ModelConfig c;

    public Scoring(ModelConfig c) {
        this.c = c;
    }

    /** Position whose logits predict the i-th sorted value ({@code 0 <= i < n}). */
    public int predictionPosition(int i) {
        return c.firstSortedPrediction() + i;
    }

    /** log softmax(logits[b, pos])[target] */
    public static double logProb(Tensor logits, int b, int pos, int target) {
        int v = logits.dim(2);
        float[] d = logits.data();
        int off = (b * logits.dim(1) + pos) * v;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < v; j++) {
            max = Math.max(max, d[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < v; j++) {
            sum += Math.exp(d[off + j] - max);
        }
        return d[off + target] - max - Math.log(sum);
    }

    /** Index of the largest logit (the first, on ties). */
    public static int argmax(Tensor logits, int b, int pos) {
        int v = logits.dim(2);
        float[] d = logits.data();
        int off = (b * logits.dim(1) + pos) * v;
        int best = 0;
        for (int j = 1; j < v; j++) {
            if (d[off + j] > d[off + best]) {
                best = j;
            }
        }
        return best;
    }

    /** Mean loss and token accuracy over the sorted half of a batch. */
    public LossAndAccuracy score(int[][] tokens, Tensor logits) {
        double lossSum = 0;
        long correct = 0;
        long count = 0;
        for (int b = 0; b < tokens.length; b++) {
            for (int i = 0; i < c.listLength(); i++) {
                int pos = predictionPosition(i);
                int target = tokens[b][pos + 1];
                lossSum -= logProb(logits, b, pos, target);
                if (argmax(logits, b, pos) == target) {
                    correct++;
                }
                count++;
            }
        }
        return new LossAndAccuracy(lossSum / count, (double) correct / count);
    }

    /** Fraction of sorted-half tokens whose top logit is the correct next token. */
    public double accuracy(int[][] tokens, Tensor logits) {
        long correct = 0;
        for (int b = 0; b < tokens.length; b++) {
            for (int i = 0; i < c.listLength(); i++) {
                int pos = predictionPosition(i);
                if (argmax(logits, b, pos) == tokens[b][pos + 1]) {
                    correct++;
                }
            }
        }
        return (double) correct / ((long) tokens.length * c.listLength());
    }

    /** Mean loss and token accuracy (fraction of sorted-half tokens whose top logit is right). */
    public record LossAndAccuracy(double loss, double accuracy) {
    }
}
