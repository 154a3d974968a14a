package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.Corruptions;
import io.github.sortlens.analysis.PatchingResult;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;

/** The previous output decides where the head looks (the QK circuit). */
public final class PatchPreviousOutputClaim implements ClaimUnit {

    @Override
    public Claim evaluate(Evidence e) {
        PatchingResult.KindMean k = PatchingClaims.kind(e, Corruptions.PREVIOUS_OUTPUT);
        String hypothesis = "The previous output decides where the head looks.";
        String test = "supported if the head's pattern at the query restores at least "
                + pct(PatchListValueClaim.PATCH_CARRIES) + " (PATCH_CARRIES) and the answer follows the new previous "
                + "output at " + pct(PatchListValueClaim.FOLLOWS_SUPPORTED) + " of pairs or more (FOLLOWS_SUPPORTED); "
                + "mixed if the pattern restores at least " + pct(PatchListValueClaim.PATCH_MOSTLY) + " (PATCH_MOSTLY)";
        if (k.pairs() == 0) {
            return PatchingClaims.noPairs("patch-previous-output", hypothesis, "No change of the previous output "
                    + "moved the model's logit difference", "the model does not read its previous output", k, test);
        }
        double z = PatchingClaims.atQuery(e, k, "hook_z");
        double pattern = PatchingClaims.atQuery(e, k, "hook_pattern");
        double follows = k.followsCorrupted();
        double query = k.queryRestored()[e.head()];
        double ownKey = k.keyRestored()[e.head()];
        double ownValue = k.valueRestored()[e.head()];
        Claim.Verdict v = Claim.Verdict.of(pattern >= PatchListValueClaim.PATCH_CARRIES
                && follows >= PatchListValueClaim.FOLLOWS_SUPPORTED, pattern >= PatchListValueClaim.PATCH_MOSTLY);
        String sentence = "Replacing only the previous output with another list value (" + Num.count(k.pairs())
                + " pairs) moves the mean logit difference between the two answers from " + Num.sig(k.meanCleanDiff())
                + " to " + Num.sig(k.meanCorruptedDiff()) + "; the model then predicts the value after the new "
                + "previous output at " + pct(follows) + " of pairs (" + pct(k.followsUp()) + " when it moved up, "
                + pct(k.followsDown()) + " when it moved down, to a value the sorted half has passed). Restoring "
                + e.headName() + "'s pattern at the query restores " + pct(pattern) + " of the logit difference, its "
                + "whole hook_z " + pct(z) + "; the rest reaches the logits through "
                + (e.oneHead() ? "the changed token's direct path." : "the other heads and the direct path.")
                + " By what the changed token feeds in " + e.headName() + ": restoring only the query side (hook_q) "
                + "restores " + pct(query) + ", only the query's own key (hook_k) " + pct(ownKey) + " and only its "
                + "own value (hook_v) " + pct(ownValue) + ".";
        return new Claim("patch-previous-output", hypothesis, sentence, "hook_pattern at the query " + pct(pattern)
                + ", hook_z " + pct(z) + ", answer follows " + pct(follows), "", test, v, "", PatchingClaims.LINKS,
                numbers("pairs", k.pairs(), "cleanDiff", k.meanCleanDiff(), "corruptedDiff", k.meanCorruptedDiff(),
                        "follows", follows, "followsUp", k.followsUp(), "followsDown", k.followsDown(),
                        "patternRestored", pattern, "zRestored", z, "queryRestored", query, "ownKeyRestored", ownKey,
                        "ownValueRestored", ownValue));
    }
}
