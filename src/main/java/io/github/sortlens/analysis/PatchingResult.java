package io.github.sortlens.analysis;

import java.util.List;

/**
 * Activation patching ({@code patching.json}): run the corrupted sequence, but with one activation at one position
 * taken from the clean run, and see how much of the clean answer comes back. Each corruption ({@link Corruptions})
 * changes one input token and one sorted answer; the metric is read at that one output only:
 * {@code logit[clean answer] - logit[corrupted answer]} at its query position, normalised so 0 = the corrupted run
 * and 1 = the clean run.
 *
 * @param targets        [target] what is patched: {@code blocks.0.hook_resid_pre}, then per head
 *                       {@code L0H<h> hook_q}, {@code hook_k}, {@code hook_v}, {@code hook_z}, {@code hook_pattern},
 *                       {@code hook_result}
 * @param targetHooks    [target] the TransformerLens hook of each target
 * @param positionLabels [n_ctx] the patched position (for {@code hook_pattern}: the query position, whole row)
 * @param pairs          the example pages' pairs: one per example and corruption kind, every position
 * @param byKind         per corruption kind, the summary over pairs made from held-out sequences
 * @param skipped        example pairs not formed, each with the reason
 */
public record PatchingResult(List<String> targets, List<String> targetHooks, List<String> positionLabels,
                             List<Pair> pairs, List<KindMean> byKind, List<String> skipped) {

    /**
     * @param exampleId          the clean sequence's example id
     * @param corruption         {@link Corruptions#KINDS}
     * @param description        what was changed
     * @param cleanTokens        [position]
     * @param corruptedTokens    [position]
     * @param changedPosition    the position whose token was changed
     * @param readOutput         the sorted slot whose logit difference is read
     * @param cleanAnswer        that slot's clean answer
     * @param corruptedAnswer    that slot's answer for the corrupted input
     * @param cleanLogitDiff     the metric's raw value on the clean run
     * @param corruptedLogitDiff the metric's raw value on the corrupted run
     * @param normalised         [target, position] normalised metric with that one activation patched
     */
    public record Pair(String exampleId, String corruption, String description, int[] cleanTokens,
                       int[] corruptedTokens, int changedPosition, int readOutput, int cleanAnswer,
                       int corruptedAnswer, double cleanLogitDiff, double corruptedLogitDiff, double[][] normalised) {
    }

    /**
     * One corruption kind over pairs made from held-out sequences, aligned by what each position is to the pair
     * (the changed token and the query sit at different indices in every pair).
     *
     * @param corruption          corruption kind
     * @param sequences           held-out sequences tried
     * @param pairs               pairs averaged (the rest: no corruption of the kind exists, or the clean and
     *                            corrupted logit differences coincide)
     * @param followsCorrupted    fraction of pairs whose corrupted run predicts the corrupted answer at the read
     *                            output (argmax): the model changes its answer the way a sorter would
     * @param pairsUp             pairs whose corrupted answer is above the clean answer (the rest: below)
     * @param followsUp           {@code followsCorrupted} over those pairs (0 if none)
     * @param followsDown         {@code followsCorrupted} over the others (0 if none)
     * @param meanCleanDiff       mean clean logit difference
     * @param meanCorruptedDiff   mean corrupted logit difference
     * @param roles               [role] {@link ActivationPatching#ROLES}
     * @param pairsByRole         [role] pairs that have a position of that role
     * @param normalised          [target, role] normalised metric of patching one position of that role, averaged
     *                            over the role's positions within a pair, then over the pairs that have the role
     *                            (0 where none has)
     * @param pairsByOutput       [sorted slot] pairs read at that output
     * @param atQueryByOutput     [target, sorted slot] normalised metric of patching the query position, averaged
     *                            over the pairs read at that output (0 where none is)
     * @param keyRestored         [head] mean normalised metric of patching only that head's {@code hook_k} at the
     *                            changed position (the changed list token; under {@code previous-output} the query
     *                            itself): how much of the change acts through where the head looks
     * @param valueRestored       [head] the same for {@code hook_v} at the changed position: how much acts through
     *                            what the head moves from it
     * @param queryRestored       [head] the same for {@code hook_q} at the query (exactly 0 under
     *                            {@code list-value}, whose query token is unchanged)
     * @param byConstruction      [target, role] what a one-layer attention-only model forces the cell of
     *                            {@code normalised} to be whatever its weights
     *                            ({@link ActivationPatching#byConstruction}); only {@code NO} cells measure the model
     */
    public record KindMean(String corruption, int sequences, int pairs, double followsCorrupted, int pairsUp,
                           double followsUp, double followsDown, double meanCleanDiff,
                           double meanCorruptedDiff, List<String> roles, int[] pairsByRole, double[][] normalised,
                           int[] pairsByOutput, double[][] atQueryByOutput, double[] keyRestored,
                           double[] valueRestored, double[] queryRestored,
                           ActivationPatching.ByConstruction[][] byConstruction) {
    }
}
