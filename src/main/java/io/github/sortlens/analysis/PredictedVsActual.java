package io.github.sortlens.analysis;

import io.github.sortlens.model.SequenceScores;

/** Predicted against actual tokens of the sorted half, per example, from the example run's logits. */
public final class PredictedVsActual {

    private PredictedVsActual() {
    }

    public static PredictionsResult compute(ExampleSet examples, SequenceScores scores) {
        int count = scores.size();
        int n = scores.logProb()[0].length;
        int[][] actual = new int[count][n];
        double[][] prob = new double[count][n];
        int[] errors = new int[count];
        for (int s = 0; s < count; s++) {
            for (int i = 0; i < n; i++) {
                actual[s][i] = scores.answer(s, i);
                prob[s][i] = Math.exp(scores.logProb()[s][i]);
                errors[s] += scores.correct(s, i) ? 0 : 1;
            }
        }
        int[][] predicted = new int[count][];
        for (int s = 0; s < count; s++) {
            predicted[s] = scores.predicted()[s].clone();
        }
        return new PredictionsResult(examples.ids(), predicted, actual, prob, errors);
    }
}
