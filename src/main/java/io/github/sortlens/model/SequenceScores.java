package io.github.sortlens.model;

import io.github.sortlens.data.SequenceLayout;

/**
 * How the model did on the sorted half of a set of sequences, made by {@link Scoring}: the inputs to every accuracy
 * and loss figure. Working data, not a written result.
 *
 * @param layout    where the outputs sit
 * @param tokens    [sequence, position] the sequences scored
 * @param logProb   [sequence, sorted index] log-probability of the correct next token
 * @param predicted [sequence, sorted index] the top-logit token (first on ties)
 */
public record SequenceScores(SequenceLayout layout, int[][] tokens, double[][] logProb, int[][] predicted) {

    /** Scores of nothing yet, to be filled by {@link Scoring}. */
    static SequenceScores empty(SequenceLayout layout, int[][] tokens) {
        int n = layout.listLength();
        return new SequenceScores(layout, tokens, new double[tokens.length][n], new int[tokens.length][n]);
    }

    /** The correct token for sorted index {@code i} of sequence {@code s}. */
    public int answer(int s, int i) {
        return layout.answer(tokens[s], i);
    }

    public boolean correct(int s, int i) {
        return predicted[s][i] == answer(s, i);
    }

    public int size() {
        return tokens.length;
    }

    /** Mean loss over every sorted token. */
    public double meanLoss() {
        double sum = 0;
        long count = 0;
        for (double[] row : logProb) {
            for (double lp : row) {
                sum -= lp;
                count++;
            }
        }
        return sum / count;
    }

    /** Fraction of sorted tokens predicted right. */
    public double accuracy() {
        long right = 0;
        long count = 0;
        for (int s = 0; s < size(); s++) {
            for (int i = 0; i < logProb[s].length; i++) {
                right += correct(s, i) ? 1 : 0;
                count++;
            }
        }
        return (double) right / count;
    }

    /** Fraction of sequences whose every sorted token is predicted right. */
    public double fullySorted() {
        long all = 0;
        for (int s = 0; s < size(); s++) {
            all += errors(s) == 0 ? 1 : 0;
        }
        return (double) all / size();
    }

    /** How many sorted tokens of sequence {@code s} are predicted wrong. */
    public int errors(int s) {
        int wrong = 0;
        for (int i = 0; i < logProb[s].length; i++) {
            wrong += correct(s, i) ? 0 : 1;
        }
        return wrong;
    }

    /** [sorted index] mean loss at each sorted index. */
    public double[] lossByPosition() {
        int n = logProb[0].length;
        double[] out = new double[n];
        for (double[] row : logProb) {
            for (int i = 0; i < n; i++) {
                out[i] -= row[i];
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] /= size();
        }
        return out;
    }

    /** [sorted index] accuracy at each sorted index. */
    public double[] accuracyByPosition() {
        int n = logProb[0].length;
        long[] right = new long[n];
        for (int s = 0; s < size(); s++) {
            for (int i = 0; i < n; i++) {
                right[i] += correct(s, i) ? 1 : 0;
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (double) right[i] / size();
        }
        return out;
    }
}
