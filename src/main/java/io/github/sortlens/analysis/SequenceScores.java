package io.github.sortlens.analysis;

/**
 * How the model did on the sorted half of a set of sequences: the inputs to every accuracy and loss figure.
 * Working data, not a written result.
 *
 * @param tokens    [sequence, position] the sequences scored
 * @param logProb   [sequence, sorted index] log-probability of the correct next token
 * @param predicted [sequence, sorted index] the top-logit token (first on ties)
 */
public record SequenceScores(int[][] tokens, double[][] logProb, int[][] predicted) {

    /** The correct token for sorted index {@code i} of sequence {@code s}. */
    public int answer(int s, int i) {
        int n = logProb[s].length;
        return tokens[s][n + 2 + i];
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
