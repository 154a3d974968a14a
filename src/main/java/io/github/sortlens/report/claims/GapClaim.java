package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.EvaluationResult;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;
import static io.github.sortlens.report.claims.ClaimText.pct2;

/**
 * Where it fails: outputs whose gap to the previous output is beyond the band's reach, and repeated values (gap 0),
 * each against the gaps from 1 to the reach.
 */
public final class GapClaim implements ClaimUnit {

    /** Error-rate ratio for a failure mode to count as concentrated. */
    public static final double FAILURE_RATIO = 3;

    private final boolean repeats;

    private GapClaim(boolean repeats) {
        this.repeats = repeats;
    }

    /** Gaps beyond the band's reach. */
    public static GapClaim beyondReach() {
        return new GapClaim(false);
    }

    /** Repeated values: gap 0. */
    public static GapClaim repeats() {
        return new GapClaim(true);
    }

    /** Error counts of one side of a comparison. */
    record Side(long tokens, double errors) {
        double rate() {
            return tokens == 0 ? 0 : errors / tokens;
        }
    }

    @Override
    public Claim evaluate(Evidence e) {
        double reach = e.m().scores().get(e.head()).medianReach();
        long tokens = 0;
        double errors = 0;
        long tokIn = 0;
        double errIn = 0;
        long tokOut = 0;
        double errOut = 0;
        for (EvaluationResult.Group g : e.eval().byGap()) {
            double err = g.tokens() * (1 - g.accuracy());
            tokens += g.tokens();
            errors += err;
            boolean tested = repeats ? g.key() == 0 : g.key() > reach;
            if (tested) {
                tokOut += g.tokens();
                errOut += err;
            } else if (g.key() >= 1 && g.key() <= reach) {
                tokIn += g.tokens();
                errIn += err;
            }
        }
        Side tested = new Side(tokOut, errOut);
        Side within = new Side(tokIn, errIn);
        double shareOutputs = tokens == 0 ? 0 : (double) tokOut / tokens;
        double shareErrors = errors == 0 ? 0 : errOut / errors;
        Claim.Verdict v = Claim.Verdict.of(tested.rate() > 0 && tested.rate() >= FAILURE_RATIO * within.rate(),
                tested.rate() > within.rate());
        String what = repeats ? "Repeated values (gap 0: the answer equals the previous output)"
                : "Outputs whose gap to the previous output is beyond the band's median reach (" + Num.sig(reach)
                + " values)";
        String sentence = tokOut == 0 ? (repeats ? "No held-out output repeats the previous value"
                : "No held-out output has a gap beyond the band's median reach of " + Num.sig(reach) + " values")
                + ", so this cannot be tested on this run."
                : what + " fail at " + pct2(tested.rate()) + " against " + pct2(within.rate()) + " at gaps from 1 to "
                + "the reach; they are " + pct2(shareOutputs) + " of outputs 1 onwards and carry " + pct(shareErrors)
                + " of their errors." + (repeats || tested.rate() <= within.rate() ? ""
                : " Past the reach the answer's key gets under a tenth of the top key's weight.");
        String hypothesis = repeats ? "Repeated values (gap 0) are a failure mode of their own."
                : "Outputs with a gap beyond the band's reach fail more often.";
        return new Claim(repeats ? "repeat-failures" : "gap-failures", hypothesis, sentence,
                "error rate " + pct2(tested.rate()) + " against " + pct2(within.rate()) + " at gaps 1 to the reach",
                "",
                "supported if at least " + Num.fixed(FAILURE_RATIO, 0) + " times the rate at gaps 1 to the reach "
                        + "(FAILURE_RATIO), mixed if higher at all", v, "",
                List.of(link("errors by gap", "findings.html#errors-by-gap"),
                        link("score band", "findings.html#score-table")),
                numbers("reach", reach, "errorTested", tested.rate(), "errorWithin", within.rate(),
                        "shareOfOutputs", shareOutputs, "shareOfErrors", shareErrors));
    }
}
