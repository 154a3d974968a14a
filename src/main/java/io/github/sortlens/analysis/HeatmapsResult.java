package io.github.sortlens.analysis;

import java.util.List;

/**
 * The seed notebook's three per-token heatmaps ({@code heatmaps.json}), for every example and every position that
 * predicts a next token ({@code 0 .. n_ctx-2}; position {@code p} predicts the token at {@code p+1}). Only positions
 * from {@code firstScoredPosition} on are the task (the sorted half); earlier ones predict random tokens and are
 * shown, as in the notebook, for contrast.
 *
 * @param exampleIds          [example] ids
 * @param positionLabels      [n_ctx - 1] label of the predicting position
 * @param firstScoredPosition first position whose prediction is scored ({@code n + 1}, the STOP position)
 * @param correctLogit        [example, position] logit of the actual next token
 * @param meanCentredLogit    [example, position] that logit minus the mean logit over the vocabulary
 * @param logProb             [example, position] log-probability of the actual next token
 */
public record HeatmapsResult(List<String> exampleIds, List<String> positionLabels, int firstScoredPosition,
                             double[][] correctLogit, double[][] meanCentredLogit, double[][] logProb) {
}
