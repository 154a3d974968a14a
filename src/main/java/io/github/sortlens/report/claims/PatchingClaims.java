package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.ActivationPatching;
import io.github.sortlens.analysis.PatchingResult;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;

/** Lookups shared by the activation-patching claims. */
final class PatchingClaims {

    private PatchingClaims() {
    }

    static final List<Claim.Link> LINKS = List.of(
            link("patching by position role", "ablation.html#patching"),
            link("patching at the query, by output", "ablation.html#patching-by-output"));

    static PatchingResult.KindMean kind(Evidence e, String kind) {
        return e.patching().byKind().stream().filter(k -> k.corruption().equals(kind)).findFirst().orElseThrow();
    }

    /** Restored fraction when the main head's {@code shortHook} is patched at the query. */
    static double atQuery(Evidence e, PatchingResult.KindMean k, String shortHook) {
        int target = e.patching().targets().indexOf(e.headName() + " " + shortHook);
        return k.normalised()[target][ActivationPatching.ROLE_QUERY];
    }

    /** The claim when no pair of a corruption kind moved the logit difference. */
    static Claim noPairs(String id, String hypothesis, String what, String conclusion, PatchingResult.KindMean k,
                         String test) {
        return new Claim(id, hypothesis, what + " (" + Num.count(k.sequences()) + " held-out sequences tried): "
                + conclusion + ".", "pairs 0", "", test, Claim.Verdict.NOT_SUPPORTED, "", LINKS,
                numbers("pairs", 0));
    }
}
