package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.ReconstructionResult;
import io.github.sortlens.report.Claim;

import java.util.ArrayList;
import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.and;
import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.points;

/** Each ingredient of the reconstruction is needed: leaving it out costs agreement with the model. */
public final class IngredientsClaim implements ClaimUnit {

    /** Agreement an ingredient must cost when left out to count as needed. */
    public static final double NEEDED_COST = 0.01;

    @Override
    public Claim evaluate(Evidence e) {
        ReconstructionResult r = e.reconstruction();
        double full = r.full().agreement();
        List<String> needed = new ArrayList<>();
        List<String> spare = new ArrayList<>();
        double smallest = Double.POSITIVE_INFINITY;
        for (ReconstructionResult.Rung rung : r.leaveOneOut()) {
            double cost = full - rung.agreement();
            smallest = Math.min(smallest, cost);
            String what = rung.label().replaceFirst("^without ", "");
            (cost >= NEEDED_COST ? needed : spare).add(what + " (" + points(cost) + ")");
        }
        int total = r.leaveOneOut().size();
        Claim.Verdict v = Claim.Verdict.of(spare.isEmpty(), 2 * needed.size() >= total);
        String sentence = "Leaving one ingredient out of the full reconstruction costs agreement with the model: "
                + (needed.isEmpty() ? "no ingredient costs " + points(NEEDED_COST) + " or more"
                : and(needed)) + "." + (spare.isEmpty() ? "" : " Not needed on this run (costing less than "
                + points(NEEDED_COST) + "): " + and(spare) + ".");
        return new Claim("ingredients", "Every ingredient of the mechanism is needed to reproduce the model.",
                sentence, needed.size() + " of " + total + " ingredients needed", "",
                "an ingredient is needed if leaving it out costs at least " + points(NEEDED_COST) + " of agreement "
                        + "(NEEDED_COST); supported if all are needed, mixed if at least half are", v, "",
                List.of(link("leave one out", "findings.html#leave-one-out")),
                numbers("needed", needed.size(), "ingredients", total, "smallestCost", smallest));
    }
}
