package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;

/**
 * The task's one scorer: from logits, for every output of the sorted half, the log-probability of the correct token
 * (max-shifted log-softmax, in double precision, finite for any logit gap) and the top-logit token. Training, the
 * held-out evaluation and every analysis take their loss and accuracy from its {@link SequenceScores}.
 */
public final class Scoring {

    /** Logits [chunk, pos, d_vocab] of one chunk: rows {@code from .. from + chunk.length} of a set. */
    @FunctionalInterface
    public interface ChunkLogits {
        Tensor logits(int from, int[][] chunk);
    }

    private final SequenceLayout layout;

    public Scoring(ModelConfig c) {
        this.layout = SequenceLayout.of(c);
    }

    public SequenceLayout layout() {
        return layout;
    }

    /** Scores of the sorted half of a batch from its logits [batch, pos, d_vocab]. */
    public SequenceScores score(int[][] tokens, Tensor logits) {
        SequenceScores scores = SequenceScores.empty(layout, tokens);
        fill(scores, 0, tokens, logits);
        return scores;
    }

    /** Scores of the sorted half of a set run chunk by chunk, holding one chunk's logits at a time. */
    public SequenceScores score(int[][] tokens, Chunks chunks, ChunkLogits run) {
        SequenceScores scores = SequenceScores.empty(layout, tokens);
        chunks.forEach(tokens, (from, chunk) -> fill(scores, from, chunk, run.logits(from, chunk)));
        return scores;
    }

    private void fill(SequenceScores into, int from, int[][] chunk, Tensor logits) {
        for (int b = 0; b < chunk.length; b++) {
            for (int j = 0; j < layout.listLength(); j++) {
                int pos = layout.predictorOf(j);
                into.logProb()[from + b][j] = logProb(logits, b, pos, layout.answer(chunk[b], j));
                into.predicted()[from + b][j] = argmax(logits, b, pos);
            }
        }
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
}
