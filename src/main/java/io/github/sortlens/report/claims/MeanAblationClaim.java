package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.Ablations;
import io.github.sortlens.analysis.MechanismResult;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;

/** Mean ablation is not neutral: it costs more than zero ablation because the head's mean output pushes logits. */
public final class MeanAblationClaim implements ClaimUnit {

    @Override
    public Claim evaluate(Evidence e) {
        double zero = e.ablations().row(e.headName(), Ablations.ZERO).orElseThrow().ablated().loss();
        double mean = e.ablations().row(e.headName(), Ablations.MEAN).orElseThrow().ablated().loss();
        double resample = e.ablations().row(e.headName(), Ablations.RESAMPLE).orElseThrow().ablated().loss();
        MechanismResult.OutputScale s = e.m().outputScale();
        MechanismResult.HeadScale h = s.heads().get(e.head());
        boolean costsMore = mean > zero;
        boolean larger = h.meanOutputLogitSpread() > s.zeroAblatedLogitSpread();
        Claim.Verdict v = Claim.Verdict.of(costsMore && larger, costsMore);
        String left = e.oneHead() ? "what zero ablation leaves (the direct path and biases)"
                : "the direct path and biases alone (zero-ablating " + e.headName() + " also leaves the other heads)";
        String sizes = e.headName() + "'s mean output alone spreads the logits over " + Num.sig(h.meanOutputLogitSpread())
                + ", against " + Num.sig(s.zeroAblatedLogitSpread()) + " for " + left + " and "
                + Num.sig(s.cleanLogitSpread()) + " for the clean model";
        String sentence = "Mean ablation (loss " + Num.sig(mean) + ") and resample ablation (" + Num.sig(resample)
                + ") against zero ablation (" + Num.sig(zero) + "): " + (costsMore ? "the mean costs more. " : "the "
                + "mean does not cost more. ") + sizes + (costsMore && larger ? ": written at every position, the "
                + "mean output pushes the same logits whatever the input." : ".");
        return new Claim("mean-ablation", "Mean ablation of the head costs more than zero ablation, because its mean "
                + "output is not neutral.", sentence,
                "loss under mean / zero ablation: " + Num.sig(mean) + " / " + Num.sig(zero), "",
                "supported if mean ablation's loss exceeds zero ablation's and the mean output alone spreads the "
                        + "logits more than the direct path and biases; mixed if only the loss is higher", v, "",
                List.of(link("ablations", "ablation.html#ablations")),
                numbers("zeroLoss", zero, "meanLoss", mean, "resampleLoss", resample, "meanOutputNorm",
                        h.meanOutputNorm(), "typicalOutputNorm", h.typicalOutputNorm(), "bONorm", s.bONorm(),
                        "meanOutputSpread", h.meanOutputLogitSpread(), "zeroAblatedSpread", s.zeroAblatedLogitSpread(),
                        "cleanSpread", s.cleanLogitSpread()));
    }
}
