package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.Corruptions;
import io.github.sortlens.analysis.PatchingResult;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;

/**
 * A changed list value reaches the answer through the head. In a one-layer attention-only model the heads' outputs
 * at the query are the only path from a list token to the query's logits, so what restoring them shows is
 * guaranteed; the pattern restoring little is forced too when the changed value keeps its rank.
 */
public final class PatchListValueClaim implements ClaimUnit {

    /** Share of pairs whose corrupted run predicts the corrupted answer: the model follows the corruption. */
    public static final double FOLLOWS_SUPPORTED = 0.9;
    public static final double FOLLOWS_MIXED = 0.5;
    /** Fraction of the logit difference a patched activation restores for it to carry the information. */
    public static final double PATCH_CARRIES = 0.8;
    public static final double PATCH_MOSTLY = 0.5;
    public static final double PATCH_MINOR = 0.2;

    @Override
    public Claim evaluate(Evidence e) {
        PatchingResult.KindMean k = PatchingClaims.kind(e, Corruptions.LIST_VALUE);
        String hypothesis = "A changed list value reaches the answer through what the head moves from that key "
                + "(its value), not through where it looks (its key).";
        String test = "supported if the answer follows the change at " + pct(FOLLOWS_SUPPORTED) + " of pairs or "
                + "more (FOLLOWS_SUPPORTED), the changed key's hook_v restores at least " + pct(PATCH_CARRIES)
                + " (PATCH_CARRIES) and its hook_k at most " + pct(PATCH_MINOR) + " (PATCH_MINOR); mixed if the "
                + "answer follows at " + pct(FOLLOWS_MIXED) + " (FOLLOWS_MIXED) and hook_v restores at least "
                + pct(PATCH_MOSTLY) + " (PATCH_MOSTLY)";
        if (k.pairs() == 0) {
            return PatchingClaims.noPairs("patch-list-value", hypothesis, "No change of a list value moved the "
                    + "model's logit difference at the output it changes", "the list does not reach the answer", k,
                    test);
        }
        double value = k.valueRestored()[e.head()];
        double key = k.keyRestored()[e.head()];
        double z = PatchingClaims.atQuery(e, k, "hook_z");
        double pattern = PatchingClaims.atQuery(e, k, "hook_pattern");
        double follows = k.followsCorrupted();
        Claim.Verdict v = Claim.Verdict.of(follows >= FOLLOWS_SUPPORTED && value >= PATCH_CARRIES
                && key <= PATCH_MINOR, follows >= FOLLOWS_MIXED && value >= PATCH_MOSTLY);
        String sentence = "Changing one list value so that exactly one sorted output changes (" + Num.count(k.pairs())
                + " pairs from held-out sequences), the model's answer follows the change at " + pct(follows)
                + " of pairs. Read at that output, restoring only the changed key's hook_v in " + e.headName()
                + " restores " + pct(value) + " of the logit difference, only its hook_k " + pct(key) + ". "
                + "By construction, " + e.headName() + "'s hook_z at the query restores " + pct(z)
                + (e.oneHead() ? " (with one head it is the only path from a list token to that query's logits)"
                : "") + "; and its pattern restores " + pct(pattern) + ", near 0 for any head that sorts, because "
                + "the change keeps the value's rank.";
        return new Claim("patch-list-value", hypothesis, sentence, "hook_v of the changed key " + pct(value)
                + ", hook_k " + pct(key) + ", answer follows " + pct(follows),
                "hook_z at the query and the pattern are forced by the architecture and the corruption, so they are "
                        + "not the test", test, v, "", PatchingClaims.LINKS,
                numbers("pairs", k.pairs(), "follows", follows, "valueRestored", value, "keyRestored", key,
                        "zRestored", z, "patternRestored", pattern));
    }
}
