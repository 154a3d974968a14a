package io.github.sortlens.analysis;

import java.util.List;

/**
 * Activation patching ({@code patching.json}): run the corrupted sequence, but with one activation at one position
 * taken from the clean run, and see how much of the clean answer comes back. Metric: the mean over affected outputs
 * (sorted indices whose answer differs between clean and corrupted) of
 * {@code logit[clean answer] - logit[corrupted answer]}, normalised so 0 = the corrupted run and 1 = the clean run.
 *
 * @param targets        [target] what is patched: {@code blocks.0.hook_resid_pre}, then per head
 *                       {@code L0H<h> hook_z}, {@code L0H<h> hook_pattern}, {@code L0H<h> hook_result}
 * @param targetHooks    [target] the TransformerLens hook of each target
 * @param positionLabels [n_ctx] the patched position (for {@code hook_pattern}: the query position, whole row)
 * @param pairs          one entry per clean/corrupted pair, in example-set order then corruption order
 * @param byKind         per corruption kind, the metric averaged over its pairs by position role
 * @param skipped        pairs not formed, each with the reason
 */
public record PatchingResult(List<String> targets, List<String> targetHooks, List<String> positionLabels,
                             List<Pair> pairs, List<KindMean> byKind, List<String> skipped) {

    /**
     * @param exampleId          the clean sequence's example id
     * @param corruption         {@code change-one} or {@code duplicate-one}
     * @param description        what was changed
     * @param cleanTokens        [position]
     * @param corruptedTokens    [position]
     * @param affectedOutputs    [k] sorted indices whose answer differs
     * @param cleanLogitDiff     the metric's raw value on the clean run
     * @param corruptedLogitDiff the metric's raw value on the corrupted run
     * @param normalised         [target, position] normalised metric with that one activation patched
     */
    public record Pair(String exampleId, String corruption, String description, int[] cleanTokens,
                       int[] corruptedTokens, int[] affectedOutputs, double cleanLogitDiff,
                       double corruptedLogitDiff, double[][] normalised) {
    }

    /**
     * Pairs of one corruption kind, aligned by what each position is to the pair rather than by its index (the
     * corrupted input position differs from pair to pair, so an average by index would smear its effect over
     * every input column).
     *
     * @param corruption corruption kind
     * @param pairs      pairs averaged
     * @param roles      [role] {@link ActivationPatching#ROLES}
     * @param pairsByRole [role] pairs that have a position of that role (0 for a role makes its column meaningless)
     * @param normalised [target, role] normalised metric of patching one position of that role, averaged over the
     *                   role's positions within a pair, then over the pairs that have the role (0 where none has)
     */
    public record KindMean(String corruption, int pairs, List<String> roles, int[] pairsByRole,
                           double[][] normalised) {
    }
}
