package io.github.sortlens.analysis;

import java.util.List;

/**
 * Why the model gives each sorted output of one list what it gives: the margin of the correct token over the
 * strongest wrong one split exactly into {@link LogitDecomposition}'s components, each head's attention score at
 * every key split into query-side times key-side terms ({@link OutputExplainer#SCORE_TERMS}), and the full
 * reconstruction's prediction beside the model's. Computed in double precision from the weights: the margin's parts
 * sum to the margin, the score's terms to the score, and the softmax of the scores is the attention the parts use.
 *
 * @param components          [component] labels of the margin's parts ({@link LogitDecomposition#labels})
 * @param scoreTerms          [term] labels of the score's terms
 * @param correct             [output] the correct token (the sorted list)
 * @param predicted           [output] the model's answer (top logit)
 * @param runnerUp            [output] the model's second choice (top logit among the other tokens)
 * @param rival               [output] the strongest wrong token (top logit among tokens other than the correct one):
 *                            the runner-up when the model is right, its answer when it is wrong
 * @param margin              [output] {@code logit[correct] - logit[rival]}: negative exactly where the model is wrong
 * @param marginParts         [output][component] each component along {@code logit[correct] - logit[rival]}; each
 *                            row sums to {@code margin}
 * @param marginBySource      [output][head][key position] what each key carried through the head along the same
 *                            direction, token and position write together ({@code pattern * (v_k W_O W_U)}); a
 *                            head's row sums to its parts in {@code marginParts}
 * @param score               [output][head][key position] the attention score of the output's query ({@code
 *                            hook_attn_scores}); keys after the query are masked and 0 here
 * @param scoreParts          [output][head][term][key position] the terms of the score; they sum to {@code score}
 * @param weight              [output][head][key position] the softmax of the score over the visible keys
 *                            ({@code hook_pattern})
 * @param reconstructed       [output] the top token of the full reconstruction ({@link Recipe#full()})
 * @param reconstructedMargin [output] the reconstruction's {@code logit[correct]} minus its strongest wrong logit
 */
public record OutputExplanation(List<String> components, List<String> scoreTerms, int[] correct, int[] predicted,
                                int[] runnerUp, int[] rival, double[] margin, double[][] marginParts,
                                double[][][] marginBySource,
                                double[][][] score, double[][][][] scoreParts, double[][][] weight,
                                int[] reconstructed, double[] reconstructedMargin) {

    /** [output] whether the model's answer is wrong. */
    public boolean wrong(int output) {
        return predicted[output] != correct[output];
    }

    /**
     * The component that did most to put the rival ahead (the most negative part of the margin) at a wrong output,
     * or most to keep the correct token ahead (the largest part) at a right one.
     */
    public int decisive(int output) {
        double[] parts = marginParts[output];
        int best = 0;
        for (int j = 1; j < parts.length; j++) {
            boolean better = wrong(output) ? parts[j] < parts[best] : parts[j] > parts[best];
            best = better ? j : best;
        }
        return best;
    }
}
