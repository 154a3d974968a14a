package io.github.sortlens.report.claims;

import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;
import static io.github.sortlens.report.claims.ClaimText.pct2;

/**
 * Where it fails: the later half of the sorted outputs against the earlier half (halves, so that a short list still
 * compares several outputs with several).
 */
public final class PositionClaim implements ClaimUnit {

    @Override
    public Claim evaluate(Evidence e) {
        double[] acc = e.eval().accuracyByPosition();
        int n = acc.length;
        int half = n / 2;
        int peak = 0;
        double early = 0;
        double late = 0;
        double all = 0;
        for (int i = 0; i < n; i++) {
            peak = 1 - acc[i] > 1 - acc[peak] ? i : peak;
            all += 1 - acc[i];
            if (i < half) {
                early += (1 - acc[i]) / half;
            }
            if (i >= n - half) {
                late += (1 - acc[i]) / half;
            }
        }
        double lateShare = all == 0 ? 0 : late * half / all;
        Claim.Verdict v = Claim.Verdict.of(late > 0 && late >= GapClaim.FAILURE_RATIO * early, late > early);
        String sentence = "Errors peak at output " + peak + " (" + pct2(1 - acc[peak]) + " error). Outputs 0 to "
                + (half - 1) + " fail at " + pct2(early) + " on average and outputs " + (n - half) + " to " + (n - 1)
                + " at " + pct2(late) + "; the later half carries " + pct(lateShare) + " of the errors.";
        return new Claim("position-failures", "Later outputs fail more often than earlier ones.", sentence,
                "mean error rate, later / earlier half: " + pct2(late) + " / " + pct2(early), "",
                "supported if the later half's rate is at least " + Num.fixed(GapClaim.FAILURE_RATIO, 0)
                        + " times the earlier half's (FAILURE_RATIO), mixed if higher at all", v, "",
                List.of(link("errors by output position", "training.html#by-position")),
                numbers("peakOutput", peak, "peakError", 1 - acc[peak], "earlyError", early, "lateError", late,
                        "lateShare", lateShare));
    }
}
