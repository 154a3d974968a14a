package io.github.sortlens.analysis;

import java.util.List;

/**
 * The weight circuits ({@code circuits.json}), TransformerLens orientation (right-multiplied weights), no biases.
 * {@code E = d_vocab + n_ctx} rows of {@code W_E_pos = [W_E; W_pos]} (74 for the default config), {@code V = d_vocab}.
 *
 * @param tokenLabels     [V] {@code tok 0 .. tok V-3, START, STOP}
 * @param positionLabels  [n_ctx] {@code pos START, pos in j, pos STOP, pos out j}
 * @param embeddingLabels [E] token labels then position labels: the rows (and QK columns) of every circuit
 * @param wEPos           [E, d_model] {@code [W_E; W_pos]}
 * @param directPath      [V source token, V output token] {@code W_E W_U}: what a token's embedding says directly
 * @param heads           one entry per head, {@code L0H0} first
 */
public record CircuitsResult(List<String> tokenLabels, List<String> positionLabels, List<String> embeddingLabels,
                             double[][] wEPos, double[][] directPath, List<HeadCircuits> heads) {

    /**
     * One head's circuits and the facts a reader wants from them.
     *
     * @param head                   {@code L0H<h>}
     * @param qk                     [E query, E key] {@code W_E_pos W_Q W_K^T W_E_pos^T} (unscaled: divide by
     *                               {@code sqrt(d_head)} for attention scores)
     * @param qkTokenToken           [V query token, V key token] block of {@code qk}
     * @param qkPositionPosition     [n_ctx query position, n_ctx key position] block of {@code qk}
     * @param qkQueryPositionKeyToken [n_ctx query position, V key token] block of {@code qk}
     * @param qkQueryTokenKeyPosition [V query token, n_ctx key position] block of {@code qk}
     * @param ov                     [E source, V output token] {@code W_E_pos W_V W_O W_U}: the logits a source
     *                               embedding adds through this head when fully attended
     * @param eigenReal              [k] real parts of the eigenvalues of the full OV circuit
     *                               {@code W_E W_V W_O W_U} (computed on {@code W_O W_U W_E W_V}, k = d_head),
     *                               by decreasing magnitude
     * @param eigenImag              [k] imaginary parts, same order
     * @param copyingScore           sum Re(eig) / sum |eig|: near 1 means the head copies tokens
     * @param queryFacts             for each value token as query: the value token it scores highest as a key
     * @param fractionTopKeyLarger   fraction of value query tokens whose top key is a larger value
     * @param ovDiagonalArgmaxFraction fraction of value source tokens whose OV row (over value outputs, after removing
     *                               each output column's mean over sources: the offset every source writes alike)
     *                               peaks at the same token: 1 for a perfect copier
     * @param ovDiagonalZScoreMean   mean over value source tokens of (diagonal - row mean) / row std in that
     *                               column-centred token block: how far the copied token stands out
     */
    public record HeadCircuits(String head, double[][] qk, double[][] qkTokenToken, double[][] qkPositionPosition,
                               double[][] qkQueryPositionKeyToken, double[][] qkQueryTokenKeyPosition, double[][] ov,
                               double[] eigenReal, double[] eigenImag, double copyingScore,
                               List<QueryFact> queryFacts, double fractionTopKeyLarger,
                               double ovDiagonalArgmaxFraction, double ovDiagonalZScoreMean) {
    }

    /**
     * @param queryToken value token as query
     * @param topKey     value token with the highest token-token QK score for this query
     * @param score      that score
     * @param keyIsLarger whether {@code topKey > queryToken}
     */
    public record QueryFact(int queryToken, int topKey, double score, boolean keyIsLarger) {
    }
}
