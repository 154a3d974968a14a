package io.github.sortlens.analysis;

import java.util.List;

/**
 * The numbers the Findings page's claims rest on ({@code mechanism.json}), measured on the held-out set. Output
 * {@code i} is the logit at position {@code n+1+i} predicting the {@code i}-th smallest value (the "answer"); its
 * query token is the previous output (STOP at output 0).
 *
 * @param sequences      held-out sequences measured
 * @param heads          [head] {@code L0H0 ..}
 * @param heldOut        held-out accuracy with 95 % intervals
 * @param attention      per head: where attention goes, by key value relative to the answer and by key role
 * @param scores         per head: the attention score as the model computes it, and the band it forms
 * @param logitDiff      what decides the argmax: the correct token's margin over the strongest wrong token, split
 * @param outputScale    why mean and resample ablation can hurt more than zero ablation
 * @param decomposition  every output's logits split exactly by path, head and key role, projected on the margin
 * @param reconstruction models built from the findings, measured against the real model
 */
public record MechanismResult(int sequences, List<String> heads, HeldOut heldOut, List<HeadAttention> attention,
                              List<HeadScores> scores, LogitDifference logitDiff, OutputScale outputScale,
                              DecompositionResult decomposition, ReconstructionResult reconstruction) {

    /**
     * Held-out figures with 95 % intervals. Tokens of one sequence are not independent, so the token accuracy's
     * interval treats each sequence's accuracy as one observation (mean +- 1.96 standard errors); the fully-sorted
     * fraction uses the Wilson interval.
     *
     * @param sequences         sample size in sequences
     * @param tokens            sample size in sorted tokens
     * @param tokenAccuracy     fraction of sorted tokens predicted right
     * @param tokenAccuracyLow  lower end of its 95 % interval
     * @param tokenAccuracyHigh upper end
     * @param fullySorted       fraction of sequences with every sorted token right
     * @param fullySortedLow    Wilson 95 % lower end
     * @param fullySortedHigh   Wilson 95 % upper end
     */
    public record HeldOut(int sequences, long tokens, double tokenAccuracy, double tokenAccuracyLow,
                          double tokenAccuracyHigh, double fullySorted, double fullySortedLow,
                          double fullySortedHigh) {
    }

    /**
     * Where one head's attention goes at the sorted outputs.
     *
     * @param head                  {@code L0H<h>}
     * @param roles                 [role] {@code unsorted list, START, STOP, sorted half}
     * @param byRole                [output][role] mean attention mass on keys of that role
     * @param roleMean              [role] the same, averaged over outputs
     * @param deltas                [delta index] key value minus answer value, {@code -(V-1) .. V-1}
     * @param byDelta               [output][delta index] mean attention mass on unsorted-list keys whose value is
     *                              the answer plus delta (all copies summed)
     * @param deltaMean             [delta index] the same, averaged over outputs
     * @param topKeyHoldsAnswer     [output] fraction of sequences whose most-attended key is a list position holding
     *                              the answer value
     * @param topKeyHoldsAnswerMean the same over all outputs
     */
    public record HeadAttention(String head, List<String> roles, double[][] byRole, double[] roleMean, int[] deltas,
                                double[][] byDelta, double[] deltaMean, double[] topKeyHoldsAnswer,
                                double topKeyHoldsAnswerMean) {
    }

    /**
     * One head's score table ({@link ScoreTable}) and the band it forms. Query rows are the value tokens then
     * STOP (the query at output 0); the band statistics are over value-token queries only.
     *
     * @param head              {@code L0H<h>}
     * @param queryLabels       [query row] {@code tok 0 .. tok V-1, STOP}
     * @param score             [query row][key value] the score as computed (biases, scale, positions averaged)
     * @param weightsOnly       [query row][key value] the weights-only token block, scaled by 1/sqrt(d_head)
     * @param maxBiasAndPosition largest |score - weightsOnly|: what biases and positions add
     * @param bandNats          a key is in the band when its score is within this of the row's top score (it then
     *                          gets at least exp(-bandNats) of the top key's attention weight)
     * @param peak              [query row] key value with the highest score
     * @param bandLow           [query row] smallest key value in the band
     * @param bandHigh          [query row] largest key value in the band
     * @param bandSize          [query row] key values in the band
     * @param aboveOverBelow    over value queries a and key pairs {@code lo < a <= hi}: fraction with
     *                          {@code score[a][hi] > score[a][lo]} (a key at or above the previous output beats one
     *                          below it)
     * @param smallerFirst      over value queries a and key pairs {@code a <= b1 < b2}: fraction with
     *                          {@code score[a][b1] > score[a][b2]} (of two keys at or above, the smaller wins)
     * @param meanBandSize      mean band size over value queries
     * @param medianReach       median over value queries a of {@code bandHigh[a] - a}: how far above the previous
     *                          output the band reaches
     */
    public record HeadScores(String head, List<String> queryLabels, double[][] score, double[][] weightsOnly,
                             double maxBiasAndPosition, double bandNats, int[] peak, int[] bandLow, int[] bandHigh,
                             int[] bandSize, double aboveOverBelow, double smallerFirst, double meanBandSize,
                             double medianReach) {
    }

    /**
     * The logit difference between the correct token and the strongest wrong token (over all tokens), split exactly
     * into what each residual component writes along {@code W_U[:, correct] - W_U[:, wrong]} (split further by key
     * role and kind of write in {@link DecompositionResult}).
     *
     * @param components           [component] {@code embed, pos_embed, L0H0.., b_O, b_U}
     * @param meanMargin           mean logit difference
     * @param medianMargin         its median
     * @param componentMean        [component] mean contribution to the difference
     * @param componentByOutput    [component][output] mean contribution at each output
     * @param headPositive         [head] fraction of outputs where the head's contribution is positive
     * @param meanCorrectLogit     mean raw logit of the correct token
     * @param componentCorrectMean [component] mean direct logit attribution of the raw correct logit
     * @param marginPositive       fraction of outputs with a positive margin (the argmax is right)
     * @param maxClosureError      largest |sum of components - margin| (float32 rounding)
     */
    public record LogitDifference(List<String> components, double meanMargin, double medianMargin,
                                  double[] componentMean, double[][] componentByOutput, double[] headPositive,
                                  double meanCorrectLogit,
                                  double[] componentCorrectMean, double marginPositive, double maxClosureError) {

        /** Head {@code h}'s mean contribution to the margin (the components are embed, pos_embed, the heads, ...). */
        public double headMean(int h) {
            return componentMean[2 + h];
        }
    }

    /**
     * Sizes behind the ablations, over the sorted-half positions. Mean ablation writes each head's mean output at
     * every position; zero ablation leaves the direct path {@code (embed + pos_embed + b_O) W_U + b_U}.
     *
     * @param bONorm                |b_O|
     * @param zeroAblatedLogitSpread mean over held-out outputs of (max - min) over tokens of the direct-path logits
     * @param cleanLogitSpread      the same for the clean model's logits
     * @param heads                 per head
     */
    public record OutputScale(double bONorm, double zeroAblatedLogitSpread, double cleanLogitSpread,
                              List<HeadScale> heads) {
    }

    /**
     * @param head                 {@code L0H<h>}
     * @param meanOutputNorm       mean over sorted-half positions of |mean over sequences of hook_result|
     * @param typicalOutputNorm    mean over sequences and sorted-half positions of |hook_result|
     * @param meanOutputLogitSpread mean over sorted-half positions of (max - min) over tokens of (mean output) W_U
     * @param meanOutputTopToken   [output] the token the mean output alone raises most
     */
    public record HeadScale(String head, double meanOutputNorm, double typicalOutputNorm,
                            double meanOutputLogitSpread, int[] meanOutputTopToken) {
    }
}
