package io.github.sortlens.train;

import io.github.sortlens.model.SequenceScores;

/**
 * Held-out metrics of a model on fresh sequences (sorted half only).
 *
 * @param sequences   how many sequences were evaluated
 * @param loss        mean cross-entropy per scored token
 * @param accuracy    fraction of scored tokens whose top logit is the correct token
 * @param fullySorted fraction of sequences with all scored tokens correct
 */
public record HeldOutMetrics(int step, int sequences, double loss, double accuracy, double fullySorted) {

    public static HeldOutMetrics of(int step, SequenceScores scores) {
        return new HeldOutMetrics(step, scores.size(), scores.meanLoss(), scores.accuracy(), scores.fullySorted());
    }
}
