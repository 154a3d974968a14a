package io.github.sortlens.analysis;

import java.util.List;

/**
 * Direct logit attribution of the correct token at every output of every example ({@code attribution.json}). The
 * final residual stream is a sum, {@code embed + pos_embed + sum_h result_h + b_O}, and the logits are linear in it,
 * so each component's dot product with {@code W_U[:, answer]}, plus {@code b_U[answer]}, adds back to the answer's
 * logit. (The seed notebook left out {@code b_U} and stacked a second head its model did not have.)
 *
 * @param exampleIds       [example] ids
 * @param components       [component] {@code embed, pos_embed, L0H0.., b_O, b_U}
 * @param byComponent      [example, component, sorted index] each component's contribution to the answer's logit
 * @param logit            [example, sorted index] the answer's logit as the model computed it
 * @param maxAbsError      largest |sum of components - logit| (float32 model against float64 sums)
 * @param maxRelativeError largest such error divided by max(1, |logit|)
 * @param heads            [head] labels
 * @param positionLabels   [n_ctx] labels of the source positions
 * @param bySource         [example, head, sorted index, source position] the head's contribution carried from each
 *                         source position: {@code pattern[q, k] * (v_k W_O) . W_U[:, answer]}; sums over the source
 *                         axis to the head's entry in {@code byComponent}
 * @param maxSourceSumError largest |sum over sources - head contribution|
 */
public record AttributionResult(List<String> exampleIds, List<String> components, double[][][] byComponent,
                                double[][] logit, double maxAbsError, double maxRelativeError, List<String> heads,
                                List<String> positionLabels, double[][][][] bySource, double maxSourceSumError) {
}
