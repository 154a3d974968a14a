package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.Recipe;
import io.github.sortlens.analysis.ReconstructionResult;
import io.github.sortlens.report.Claim;

import java.util.List;

import static io.github.sortlens.report.claims.ClaimText.link;
import static io.github.sortlens.report.claims.ClaimText.numbers;
import static io.github.sortlens.report.claims.ClaimText.pct;
import static io.github.sortlens.report.claims.ClaimText.points;

/**
 * A simpler rule in words, tested by substituting it into the full reconstruction: it holds if the reconstruction
 * still reproduces the model about as well.
 */
public final class RuleClaim implements ClaimUnit {

    /** Agreement the substitution may cost for the rule to be supported. */
    public static final double RULE_COST_SUPPORTED = 0.01;
    /** ... for it to be mixed. */
    public static final double RULE_COST_MIXED = 0.05;

    private final Recipe.Rule rule;

    public RuleClaim(Recipe.Rule rule) {
        this.rule = rule;
    }

    /** One claim per rule. */
    public static List<ClaimUnit> all() {
        return java.util.Arrays.stream(Recipe.Rule.values()).map(r -> (ClaimUnit) new RuleClaim(r)).toList();
    }

    @Override
    public Claim evaluate(Evidence e) {
        ReconstructionResult r = e.reconstruction();
        String id = "rule-" + rule.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        ReconstructionResult.Rung sub = r.substitutions().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no substitution " + id));
        double cost = r.full().agreement() - sub.agreement();
        Claim.Verdict v = Claim.Verdict.of(cost <= RULE_COST_SUPPORTED, cost <= RULE_COST_MIXED);
        String hypothesis = Character.toUpperCase(rule.sentence().charAt(0)) + rule.sentence().substring(1) + ".";
        String sentence = "With this rule in place of the exact table, the reconstruction agrees with the model at "
                + pct(sub.agreement()) + " against " + pct(r.full().agreement()) + " without it: it costs "
                + points(cost) + " and recovers " + ReconstructionClaim.recovered(r, sub) + " of the loss.";
        return new Claim(id, hypothesis, sentence, "agreement cost " + points(cost), "",
                "supported if the substitution costs at most " + points(RULE_COST_SUPPORTED)
                        + " of agreement (RULE_COST_SUPPORTED), mixed if at most " + points(RULE_COST_MIXED)
                        + " (RULE_COST_MIXED)", v, "",
                List.of(link("rules in words", "findings.html#rules")),
                numbers("agreement", sub.agreement(), "fullAgreement", r.full().agreement(), "cost", cost));
    }
}
