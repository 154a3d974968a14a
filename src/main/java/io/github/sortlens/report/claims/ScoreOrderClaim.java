package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.MechanismResult;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;

/** Why there: the score the model computes orders keys the sorting way. */
public final class ScoreOrderClaim implements ClaimUnit {

    /** Fraction of key pairs the score must order the sorting way (above beats below; smaller above wins). */
    public static final double ORDER_SUPPORTED = 0.9;
    public static final double ORDER_MIXED = 0.6;

    @Override
    public Claim evaluate(Evidence e) {
        MechanismResult.HeadScores s = e.m().scores().get(e.head());
        Claim.Verdict v = Claim.Verdict.of(s.aboveOverBelow() >= ORDER_SUPPORTED && s.smallerFirst() >= ORDER_SUPPORTED,
                s.aboveOverBelow() >= ORDER_MIXED && s.smallerFirst() >= ORDER_MIXED);
        String sentence = "In the score " + e.headName() + " computes (biases and 1/sqrt(d_head) included, "
                + "positions averaged), a list key at or above the previous output beats one below it in "
                + pct(s.aboveOverBelow()) + " of pairs, and of two keys at or above it the smaller wins in "
                + pct(s.smallerFirst()) + ". The band (keys within ln 10 of the top score, so at least a tenth of "
                + "the top key's weight) spans " + Num.fixed(s.meanBandSize(), 1) + " values on average and reaches "
                + "a median " + Num.sig(s.medianReach()) + " values above the previous output.";
        return new Claim("score-band", "The score ranks list keys at or above the previous output first, the "
                + "smallest of them highest.", sentence,
                "key pairs ordered the sorting way: " + pct(s.aboveOverBelow()) + " (above over below), "
                        + pct(s.smallerFirst()) + " (smaller above first)",
                ClaimText.baseline(e, x -> x.aboveOverBelow(), ClaimText::pct, "query rows permuted",
                        "a score that ignores the values orders half of the pairs each way (50 %)")
                        + " (above over below)",
                "supported if both are at least " + pct(ORDER_SUPPORTED) + " (ORDER_SUPPORTED), mixed if both are "
                        + "at least " + pct(ORDER_MIXED) + " (ORDER_MIXED)", v, "",
                List.of(link("score table and band", "findings.html#score-table"),
                        link("weights-only QK token block", "circuits.html#qk-token-token")),
                numbers("maxBiasAndPosition", s.maxBiasAndPosition(), "aboveOverBelow", s.aboveOverBelow(),
                        "smallerFirst", s.smallerFirst(), "meanBandSize", s.meanBandSize(),
                        "medianReach", s.medianReach()));
    }
}
