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
        Claim.Verdict v = Claim.Verdict.of(rateMany > 0 && rateMany >= GapClaim.FAILURE_RATIO * rateFew,
                rateMany > rateFew);
        String sentence = "Sequences with more than the median " + median + " repeated values fail at "
                + pct2(rateMany) + " of tokens against " + pct2(rateFew) + " for the rest. More duplicates also "
                + "mean more outputs with gap 0 (see the repeated-values claim), so this comparison is not "
                + "controlled for gap.";
        return new Claim("duplicate-failures", "Sequences with many repeated values fail more often.", sentence,
                "error rate with many / few duplicates: " + pct2(rateMany) + " / " + pct2(rateFew), "",
                "supported if at least " + Num.fixed(GapClaim.FAILURE_RATIO, 0) + " times as high (FAILURE_RATIO), "
                        + "mixed if higher at all", v, "",
                List.of(link("errors by duplicates", "training.html#by-duplicates")),
                numbers("medianDuplicates", median, "errorMany", rateMany, "errorFew", rateFew));
    }
}
