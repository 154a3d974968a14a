package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.MechanismResult;
import io.github.sortlens.report.Claim;

import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.atLeast;
import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;

/** Where the head looks: its most-attended key holds the answer value. */
public final class AttentionClaim implements ClaimUnit {

    /** The most-attended key holds the answer at this fraction of outputs or more: a pointer at the answer. */
    public static final double POINTER_TOP_KEY = 0.9;
    /** ... at this fraction or more: attention centred on the answer but spread over a band. */
    public static final double BAND_TOP_KEY = 0.5;

    @Override
    public Claim evaluate(Evidence e) {
        MechanismResult.HeadAttention a = e.m().attention().get(e.head());
        int zero = e.c().valueCount() - 1;
        double onAnswer = a.deltaMean()[zero];
        double above = a.deltaMean().length > zero + 1 ? a.deltaMean()[zero + 1] : 0;
        double below = zero > 0 ? a.deltaMean()[zero - 1] : 0;
        double top = a.topKeyHoldsAnswerMean();
        double list = a.roleMean()[0];
        double sorted = a.roleMean()[3];
        Claim.Verdict v = Claim.Verdict.of(top >= POINTER_TOP_KEY, top >= BAND_TOP_KEY);
        String shape = switch (v) {
            case SUPPORTED -> "a pointer at the answer.";
            case MIXED -> "a band around the answer rather than a pointer.";
            default -> "it does not single out the answer.";
        };
        String sentence = "At the sorted outputs " + e.headName() + " puts " + pct(onAnswer) + " of its attention on "
                + "list keys holding the answer, " + pct(above) + " on the value above it and " + pct(below)
                + " on the value below; " + pct(list) + " goes to the unsorted list and " + pct(sorted)
                + " to the sorted half. Its most-attended key holds the answer at " + pct(top) + " of outputs: "
                + shape;
        return new Claim("attention-band", "The head's most-attended key holds the answer value.", sentence,
                "most-attended key holds the answer at " + pct(top) + " of outputs",
                ClaimText.baseline(e, x -> x.topKeyHoldsAnswer(), ClaimText::pct, "", ""), atLeast("that fraction", POINTER_TOP_KEY, "POINTER_TOP_KEY: a pointer", BAND_TOP_KEY,
                "BAND_TOP_KEY: a band centred on the answer"), v, "",
                List.of(link("attention by key value", "findings.html#attention-by-delta"),
                        link("attention by key role", "findings.html#attention-by-role"),
                        link("attention on every example", "examples/index.html")),
                numbers("answerMass", onAnswer, "oneAboveMass", above, "oneBelowMass", below, "listMass", list,
                        "sortedHalfMass", sorted, "topKeyHoldsAnswer", top));
    }
}
