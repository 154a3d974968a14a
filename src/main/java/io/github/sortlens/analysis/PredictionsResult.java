package io.github.sortlens.analysis;

import java.util.List;

/**
 * Predicted against actual next tokens for every example ({@code predictions.json}): the seed notebook's dropdown
 * chart, for the whole example set.
 *
 * @param exampleIds  [example] ids, in example-set order
 * @param predicted   [example, sorted index] top-logit token at the output
 * @param actual      [example, sorted index] the correct token (the i-th smallest value)
 * @param correctProb [example, sorted index] probability the model gives the correct token
 * @param errors      [example] sorted tokens predicted wrong
 */
public record PredictionsResult(List<String> exampleIds, int[][] predicted, int[][] actual, double[][] correctProb,
                                int[] errors) {
}
