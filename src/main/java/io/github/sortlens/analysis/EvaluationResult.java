package io.github.sortlens.analysis;

import java.util.List;

/**
 * How well the model sorts fresh sequences it never trained on ({@code evaluation.json}). Every figure is over the
 * sorted half only: the logits at positions {@code n+1 .. 2n} predicting the sorted list.
 *
 * @param sequences            held-out sequences evaluated
 * @param tokenAccuracy        fraction of sorted tokens whose top logit is the correct token
 * @param meanLoss             mean cross-entropy (nats) of the correct token
 * @param correctProbMean      mean probability of the correct token
 * @param correctProbMedian    median probability of the correct token
 * @param correctProbMin       smallest probability of a correct token anywhere in the set
 * @param fractionFullySorted  fraction of sequences with every sorted token right
 * @param accuracyByPosition   [sorted index] token accuracy at each output
 * @param lossByPosition       [sorted index] mean loss at each output
 * @param byDuplicates         accuracy grouped by the number of duplicates in the list ({@code n - distinct values})
 * @param byGap                accuracy of outputs {@code i >= 1} grouped by the gap {@code sorted[i] - sorted[i-1]}
 *                             (output 0 has no previous value; see {@code accuracyByPosition[0]})
 * @param worst                the worst sequences by lowest correct-token probability, worst first
 */
public record EvaluationResult(int sequences, double tokenAccuracy, double meanLoss, double correctProbMean,
                               double correctProbMedian, double correctProbMin, double fractionFullySorted,
                               double[] accuracyByPosition, double[] lossByPosition, List<Group> byDuplicates,
                               List<Group> byGap, List<WorstSequence> worst) {

    /**
     * One group of tokens sharing a property.
     *
     * @param key       the property's value (number of duplicates, or gap)
     * @param sequences sequences contributing (for gaps: sequences with at least one such gap)
     * @param tokens    sorted tokens in the group
     * @param accuracy  fraction of those tokens predicted right
     * @param meanLoss  mean loss of those tokens
     */
    public record Group(int key, int sequences, long tokens, double accuracy, double meanLoss) {
    }

    /**
     * One of the worst held-out sequences.
     *
     * @param heldOutIndex       index in the held-out set
     * @param values             [list index] the unsorted values
     * @param minCorrectProb     lowest probability of a correct token in the sequence
     * @param worstSortedIndex   the output where that lowest probability occurs
     * @param errors             sorted tokens predicted wrong
     */
    public record WorstSequence(int heldOutIndex, int[] values, double minCorrectProb, int worstSortedIndex,
                                int errors) {
    }

    /** Held-out indices of the worst sequences, worst first. */
    public int[] worstIndices() {
        return worst.stream().mapToInt(WorstSequence::heldOutIndex).toArray();
    }
}
