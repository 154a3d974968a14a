package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.ReconstructionResult;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;

/**
 * The mechanism, built into a model ({@link io.github.sortlens.analysis.ReconstructedModel}), reproduces the real
 * model: its predictions and its loss.
 */
public final class ReconstructionClaim implements ClaimUnit {

    /** Agreement with the real model's argmax for the mechanism to count as reproducing the model. */
    public static final double AGREEMENT_SUPPORTED = 0.99;
    public static final double AGREEMENT_MIXED = 0.95;
    /** Loss recovered under every baseline. */
    public static final double LOSS_SUPPORTED = 0.99;
    public static final double LOSS_MIXED = 0.9;

    @Override
    public Claim evaluate(Evidence e) {
        ReconstructionResult r = e.reconstruction();
        ReconstructionResult.Rung full = r.full();
        ReconstructionResult.Rung listOnly = r.ladder().get(0);
        double worstRecovered = min(full.lossRecovered());
        Claim.Verdict v = Claim.Verdict.of(full.agreement() >= AGREEMENT_SUPPORTED && worstRecovered >= LOSS_SUPPORTED,
                full.agreement() >= AGREEMENT_MIXED && worstRecovered >= LOSS_MIXED);
        int worst = 0;
        for (int i = 1; i < full.agreementByOutput().length; i++) {
            worst = full.agreementByOutput()[i] < full.agreementByOutput()[worst] ? i : worst;
        }
        String sentence = "Built into a model (every key role, token and role writes, the direct path and biases; "
                + "list and earlier sorted keys at their role's mean position), the mechanism predicts what the "
                + "model predicts at " + Num.percent(full.agreement(), 2) + " of " + Num.count(r.outputs()) + " held-out "
                + "outputs and recovers " + recovered(r, full) + " of the loss. The list-only explanation (list keys, "
                + "token write) agrees at " + pct(listOnly.agreement()) + ". With the model's own attention pattern "
                + "the writes agree at " + pct(r.realPattern().agreement()) + ". The weakest output is " + worst
                + " (" + pct(full.agreementByOutput()[worst]) + ")." + misses(r);
        return new Claim("reconstruction", "A model built only from the stated mechanism reproduces the real "
                + "model's predictions and loss.", sentence,
                "agreement " + Num.percent(full.agreement(), 2) + "; loss recovered at least "
                        + recoveredPct(worstRecovered),
                "the list-only explanation: agreement " + pct(listOnly.agreement()) + ", loss recovered at least "
                        + recoveredPct(min(listOnly.lossRecovered())),
                "supported if agreement is at least " + pct(AGREEMENT_SUPPORTED) + " (AGREEMENT_SUPPORTED) and the "
                        + "loss recovered at least " + pct(LOSS_SUPPORTED) + " under each of the zero, mean and "
                        + "resample baselines (LOSS_SUPPORTED); mixed if at least " + pct(AGREEMENT_MIXED) + " and "
                        + pct(LOSS_MIXED) + " (AGREEMENT_MIXED, LOSS_MIXED)", v, "",
                List.of(link("the reconstruction ladder", "findings.html#ladder"),
                        link("agreement by output", "findings.html#agreement-by-output"),
                        link("KL per output", "findings.html#kl-histogram")),
                numbers("agreement", full.agreement(), "accuracy", full.accuracy(), "lossRecoveredMin", worstRecovered,
                        "listOnlyAgreement", listOnly.agreement(), "realPatternAgreement",
                        r.realPattern().agreement(), "worstOutput", worst,
                        "worstAgreement", full.agreementByOutput()[worst]));
    }

    /**
     * Below the supported agreement, which part of the model the reconstruction misses: where the heads look (the
     * model's own pattern closes most of the gap) or what the keys write (it does not).
     */
    static String misses(ReconstructionResult r) {
        double full = r.full().agreement();
        if (full >= AGREEMENT_SUPPORTED) {
            return "";
        }
        double real = r.realPattern().agreement();
        double closed = (1 - full) == 0 ? 0 : (real - full) / (1 - full);
        return closed >= 0.5 ? " It misses mostly where the heads look: the model's own pattern closes " + pct(closed)
                + " of the gap, so the score of a key at its role's mean position is what falls short."
                : " It misses mostly what the keys write: the model's own pattern closes only " + pct(Math.max(0, closed))
                + " of the gap, so a key's write at its role's mean position is what falls short.";
    }

    static String recovered(ReconstructionResult r, ReconstructionResult.Rung rung) {
        StringBuilder out = new StringBuilder();
        for (int b = 0; b < r.baselines().size(); b++) {
            out.append(b == 0 ? "" : b == r.baselines().size() - 1 ? " and " : ", ")
                    .append(recoveredPct(rung.lossRecovered()[b])).append(" (").append(r.baselines().get(b))
                    .append(")");
        }
        return out.toString();
    }

    /**
     * A loss-recovered fraction: two decimals near 100 % (where one would round 99.96 % up to 100.0 %), and a
     * negative one said in words (the reconstruction is worse than the baseline).
     */
    static String recoveredPct(double x) {
        return x < 0 ? "none (worse than the baseline)" : Num.percent(x, x >= 0.99 ? 2 : 1);
    }

    static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) {
            m = Math.min(m, v);
        }
        return m;
    }
}
