package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.ReconstructionResult;
import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.atLeast;
import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;

/** The explanation predicts the failures too: the reconstruction makes the model's wrong predictions. */
public final class RepeatedErrorsClaim implements ClaimUnit {

    public static final double REPEATS_SUPPORTED = 0.9;
    public static final double REPEATS_MIXED = 0.5;

    @Override
    public Claim evaluate(Evidence e) {
        ReconstructionResult r = e.reconstruction();
        double repeated = r.errorsRepeated();
        Claim.Verdict v = r.modelErrors() == 0 ? Claim.Verdict.NOT_SUPPORTED
                : Claim.Verdict.of(repeated >= REPEATS_SUPPORTED, repeated >= REPEATS_MIXED);
        String sentence = r.modelErrors() == 0
                ? "The model makes no error on the held-out set, so this cannot be tested on this run."
                : "Of the model's " + Num.count(r.modelErrors()) + " held-out errors, the full reconstruction makes "
                        + "the same wrong prediction at " + pct(repeated) + ".";
        return new Claim("errors-repeated", "The reconstruction makes the model's errors too.", sentence,
                "errors repeated: " + pct(repeated), "",
                atLeast("that share", REPEATS_SUPPORTED, "REPEATS_SUPPORTED", REPEATS_MIXED, "REPEATS_MIXED"), v, "",
                List.of(link("the reconstruction ladder", "findings.html#ladder")),
                numbers("modelErrors", r.modelErrors(), "repeated", repeated));
    }
}
