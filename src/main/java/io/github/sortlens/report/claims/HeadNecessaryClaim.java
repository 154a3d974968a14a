package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.AblationResult;
import io.github.sortlens.analysis.Ablations;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.atLeast;
import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;

/** Zero-ablating the head breaks the model. */
public final class HeadNecessaryClaim implements ClaimUnit {

    /** Accuracy drop (absolute) when the head is zero-ablated. */
    public static final double NECESSARY_DROP = 0.5;
    public static final double NECESSARY_MIXED = 0.1;
    /** Held-out accuracy above which a one-head model "sorts", so that its head is necessary by construction. */
    public static final double SORTS = 0.5;

    @Override
    public Claim evaluate(Evidence e) {
        AblationResult a = e.ablations();
        AblationResult.Row zero = a.row(e.headName(), Ablations.ZERO).orElseThrow();
        double chance = Math.log(e.c().dVocab());
        double drop = -zero.deltaAccuracy();
        Claim.Verdict v = Claim.Verdict.of(drop >= NECESSARY_DROP, drop >= NECESSARY_MIXED);
        String conclusion = switch (v) {
            case SUPPORTED -> ": without the head the model cannot sort.";
            case MIXED -> ": the model sorts worse without the head but does not collapse.";
            default -> ": the model does not depend on the head.";
        };
        String sentence = "Zero-ablating " + e.headName() + " on " + Num.count(a.sequences()) + " held-out sequences "
                + "moves the loss from " + Num.sig(a.clean().loss()) + " to " + Num.sig(zero.ablated().loss())
                + " (uniform guessing: ln " + e.c().dVocab() + " = " + Num.sig(chance) + ") and the token accuracy "
                + "from " + pct(a.clean().accuracy()) + " to " + pct(zero.ablated().accuracy()) + conclusion;
        Claim claim = new Claim("head-necessary", "Zero-ablating " + (e.oneHead() ? "the head" : "the main head")
                + " breaks the model.", sentence, "accuracy drop " + pct(drop),
                "uniform guessing: loss ln " + e.c().dVocab() + " = " + Num.sig(chance),
                atLeast("the drop", NECESSARY_DROP, "NECESSARY_DROP", NECESSARY_MIXED, "NECESSARY_MIXED"), v, "",
                List.of(link("ablations", "ablation.html#ablations")),
                numbers("cleanLoss", a.clean().loss(), "zeroLoss", zero.ablated().loss(), "chanceLoss", chance,
                        "cleanAccuracy", a.clean().accuracy(), "zeroAccuracy", zero.ablated().accuracy()));
        return e.oneHead() && a.clean().accuracy() >= SORTS ? claim.guaranteed("With one head and no MLP, the head "
                + "is the only path from the list to the logits: a model that sorts (accuracy at least " + pct(SORTS)
                + ") cannot sort without it.") : claim;
    }
}
