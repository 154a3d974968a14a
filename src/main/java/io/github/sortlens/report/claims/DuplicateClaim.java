package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.EvaluationResult;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct2;

/** Where it fails: sequences with many repeated values. */
public final class DuplicateClaim implements ClaimUnit {

    @Override
    public Claim evaluate(Evidence e) {
        List<EvaluationResult.Group> groups = e.eval().byDuplicates();
        long sequences = groups.stream().mapToLong(EvaluationResult.Group::sequences).sum();
        int median = 0;
        long seen = 0;
        for (EvaluationResult.Group g : groups) {
            seen += g.sequences();
            if (2 * seen >= sequences) {
                median = g.key();
                break;
            }
        }
        double errMany = 0;
        double errFew = 0;
        long tokMany = 0;
        long tokFew = 0;
        for (EvaluationResult.Group g : groups) {
            if (g.key() > median) {
                tokMany += g.tokens();
                errMany += g.tokens() * (1 - g.accuracy());
            } else {
                tokFew += g.tokens();
                errFew += g.tokens() * (1 - g.accuracy());
            }
        }
        double rateMany = tokMany == 0 ? 0 : errMany / tokMany;
        double rateFew = tokFew == 0 ? 0 : errFew / tokFew;
        EvaluationResult.DuplicatesByGap byGap = e.eval().duplicatesByGap();
        Double standardised = byGap == null ? null : byGap.standardisedRatio();
        double ratio = standardised == null ? 0 : standardised;
        Claim.Verdict v = standardised == null ? Claim.Verdict.NOT_SUPPORTED
                : Claim.Verdict.of(ratio >= GapClaim.FAILURE_RATIO, ratio > 1);
        String sentence = "Sequences with more than the median " + median + " repeated values fail at "
                + pct2(rateMany) + " of tokens against " + pct2(rateFew) + " for the rest. More duplicates also "
                + "mean more repeated outputs (gap 0); "
                + (standardised == null ? "with the gap held fixed the comparison cannot be made on this run."
                : "with the gap held fixed (each gap's outputs compared with the same gap's), the many-duplicates "
                + "outputs make " + Num.count(byGap.manyErrors()) + " errors where the others' rates predict "
                + Num.sig(byGap.manyExpectedErrors()) + ": " + Num.fixed(ratio, 2) + " times as many.");
        return new Claim("duplicate-failures", "Sequences with many repeated values fail more often, at the same "
                + "gaps.", sentence, "errors at the same gaps, many duplicates over expected: " + Num.fixed(ratio, 2)
                + " times", "without holding the gap: " + pct2(rateMany) + " / " + pct2(rateFew),
                "supported if at least " + Num.fixed(GapClaim.FAILURE_RATIO, 0) + " times the expected errors "
                        + "(FAILURE_RATIO), mixed if more than expected at all", v, "",
                List.of(link("errors by duplicates", "training.html#by-duplicates")),
                numbers("medianDuplicates", median, "errorMany", rateMany, "errorFew", rateFew, "standardisedRatio",
                        ratio));
    }
}
