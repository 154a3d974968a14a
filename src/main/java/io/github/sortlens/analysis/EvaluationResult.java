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
 *                             (output 0 has no previous value; see {@code accuracyByPosition[0]}); gap 0 is a
 *                             repeated value and has its own group
 * @param worst                the worst sequences by lowest correct-token probability, worst first
 * @param wrongOutputs         sorted tokens predicted wrong, every output
 * @param wrongNotInList       fraction of {@code wrongOutputs} whose predicted token is none of the list's values
 *                             (START and STOP included): a blurred read-out rather than a wrong copy (0 when none is
 *                             wrong)
 * @param wrongStartOrStop     fraction of {@code wrongOutputs} whose predicted token is START or STOP (0 when none is
 *                             wrong)
 * @param duplicatesByGap      the duplicates effect with the gap held fixed
 */
public record EvaluationResult(int sequences, double tokenAccuracy, double meanLoss, double correctProbMean,
                               double correctProbMedian, double correctProbMin, double fractionFullySorted,
                               double[] accuracyByPosition, double[] lossByPosition, List<Group> byDuplicates,
                               List<Group> byGap, List<WorstSequence> worst, long wrongOutputs,
                               double wrongNotInList, double wrongStartOrStop, DuplicatesByGap duplicatesByGap) {

    /**
     * One group of tokens sharing a property.
     *
     * @param key             the property's value (number of duplicates, or gap)
     * @param sequences       sequences contributing (for gaps: sequences with at least one such gap)
     * @param tokens          sorted tokens in the group
     * @param accuracy        fraction of those tokens predicted right
     * @param meanLoss        mean loss of those tokens
     * @param errors          tokens of the group predicted wrong
     * @param errorsNotInList of those, predicted as a token that is none of the list's values (START, STOP included)
     * @param errorsStartOrStop of those, predicted as START or STOP
     */
    public record Group(int key, int sequences, long tokens, double accuracy, double meanLoss, long errors,
                        long errorsNotInList, long errorsStartOrStop) {
    }

    /**
     * Do lists with many duplicates fail more at the same gap? Sequences are split at the median number of duplicates
     * ({@code n - distinct values}): "many" has more than the median, "few" the rest. Outputs {@code i >= 1} are
     * grouped by gap (strata), as in {@code byGap}. Indirect standardisation: the errors the many-duplicates outputs
     * would make at the few-duplicates group's error rate of their own gap, against the errors they make. Strata
     * with no few-duplicates output cannot be compared and are left out of both sums.
     *
     * @param medianDuplicates   median duplicates per sequence (the lower middle one for an even count)
     * @param strata             one per gap that occurs, ascending
     * @param manyErrors         errors of many-duplicates outputs in comparable strata
     * @param manyExpectedErrors {@code sum over strata of manyTokens * fewErrors / fewTokens}
     * @param standardisedRatio  {@code manyErrors / manyExpectedErrors}: above 1, duplicates cost accuracy beyond
     *                           what their gaps explain; null when the expected count is 0
     * @param crudeRatio         the many group's error rate over the few group's, gaps not held fixed, comparable
     *                           strata only; null when the few group makes no error
     */
    public record DuplicatesByGap(int medianDuplicates, List<Stratum> strata, long manyErrors,
                                  double manyExpectedErrors, Double standardisedRatio, Double crudeRatio) {
    }

    /**
     * One gap's outputs split by duplicates.
     *
     * @param gap        {@code sorted[i] - sorted[i-1]}
     * @param manyTokens outputs with this gap in sequences with more duplicates than the median
     * @param manyErrors of those, predicted wrong
     * @param fewTokens  outputs with this gap in the other sequences
     * @param fewErrors  of those, predicted wrong
     */
    public record Stratum(int gap, long manyTokens, long manyErrors, long fewTokens, long fewErrors) {
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
