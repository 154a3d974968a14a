package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.MechanismResult;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.atLeast;
import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;

/** What decides the argmax is the margin over the runner-up, and the head supplies it. */
public final class MarginClaim implements ClaimUnit {

    /** Fraction of outputs where the head's part of the logit margin is positive. */
    public static final double DECIDES_SUPPORTED = 0.9;
    public static final double DECIDES_MIXED = 0.6;

    @Override
    public Claim evaluate(Evidence e) {
        MechanismResult.LogitDifference d = e.m().logitDiff();
        int heads = e.m().heads().size();
        double headPart = d.headMean(e.head());
        double headCorrect = d.componentCorrectMean()[2 + e.head()];
        double direct = d.componentMean()[0] + d.componentMean()[1] + d.componentMean()[2 + heads]
                + d.componentMean()[3 + heads];
        double positive = d.headPositive()[e.head()];
        Claim.Verdict v = Claim.Verdict.of(positive >= DECIDES_SUPPORTED, positive >= DECIDES_MIXED);
        String sentence = "The correct token's logit averages " + Num.sig(d.meanCorrectLogit()) + " (" + e.headName()
                + " writes " + Num.sig(headCorrect) + " of it), but the runner-up is on average only "
                + Num.sig(d.meanMargin()) + " lower (median " + Num.sig(d.medianMargin()) + "): that margin decides "
                + "the prediction, and it is positive at " + pct(d.marginPositive()) + " of outputs. " + e.headName()
                + " supplies " + Num.sig(headPart) + " of it on average and a positive part at " + pct(positive)
                + " of outputs; the direct path and biases add " + Num.sig(direct) + ".";
        Claim claim = new Claim("logit-difference", "The head, not the direct path, supplies the margin between "
                + "the answer and its runner-up.", sentence,
                e.headName() + "'s part of the margin positive at " + pct(positive) + " of outputs",
                "the direct path and biases alone: mean part " + Num.sig(direct),
                atLeast("that fraction", DECIDES_SUPPORTED, "DECIDES_SUPPORTED", DECIDES_MIXED, "DECIDES_MIXED"), v,
                "", List.of(link("margin by key role", "findings.html#margin-by-role"),
                        link("margin by component and output", "findings.html#margin-by-component")),
                numbers("meanCorrectLogit", d.meanCorrectLogit(), "headCorrectLogit", headCorrect,
                        "meanMargin", d.meanMargin(), "medianMargin", d.medianMargin(),
                        "marginPositive", d.marginPositive(), "headMargin", headPart, "headPositive", positive,
                        "directMargin", direct));
        return e.oneHead() && v == Claim.Verdict.SUPPORTED ? claim.guaranteed("With one head and no MLP, the head "
                + "is the only component that reads the list, so a model that sorts must take its margin from it.")
                : claim;
    }
}
