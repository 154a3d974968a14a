package io.github.sortlens.analysis;

import java.util.List;

/**
 * Attention patterns of every head on every example ({@code attention.json}), with where a sorter should look.
 *
 * @param exampleIds           [example] ids
 * @param heads                [head] labels {@code L0H0..}
 * @param positionLabels       [n_ctx] position labels (query and key axes)
 * @param pattern              [example, head, query_pos, key_pos] attention weights ({@code hook_pattern})
 * @param expectedSource       [example, sorted index] position ({@code 1..n}) holding the value output {@code i}
 *                             should copy; see {@code duplicatesRule}
 * @param duplicatesRule       how equal values are matched to positions
 * @param onExpected           [example, head, sorted index] attention from query {@code n+1+i} to the expected source
 * @param onSameValue          [example, head, sorted index] attention from that query to every position in the
 *                             unsorted list holding the same value (equals {@code onExpected} without duplicates)
 * @param meanOnExpected       [head, sorted index] {@code onExpected} averaged over examples
 * @param meanOnSameValue      [head, sorted index] {@code onSameValue} averaged over examples
 * @param maxRowSumError       largest |sum of a pattern row - 1| over all rows (a softmax check)
 */
public record AttentionResult(List<String> exampleIds, List<String> heads, List<String> positionLabels,
                              double[][][][] pattern, int[][] expectedSource, String duplicatesRule,
                              double[][][] onExpected, double[][][] onSameValue, double[][] meanOnExpected,
                              double[][] meanOnSameValue, double maxRowSumError) {
}
