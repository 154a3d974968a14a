package io.github.sortlens.report;

import io.github.sortlens.analysis.AblationResult;
import io.github.sortlens.analysis.AnalysisResults;
import io.github.sortlens.analysis.BaselineResult;
import io.github.sortlens.analysis.CircuitsResult;
import io.github.sortlens.analysis.EvaluationResult;
import io.github.sortlens.analysis.MechanismResult;
import io.github.sortlens.analysis.PatchingResult;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.report.claims.AttentionClaim;
import io.github.sortlens.report.claims.ClaimUnit;
import io.github.sortlens.report.claims.CopyingClaim;
import io.github.sortlens.report.claims.DuplicateClaim;
import io.github.sortlens.report.claims.Evidence;
import io.github.sortlens.report.claims.GapClaim;
import io.github.sortlens.report.claims.HeadNecessaryClaim;
import io.github.sortlens.report.claims.IngredientsClaim;
import io.github.sortlens.report.claims.MarginClaim;
import io.github.sortlens.report.claims.MeanAblationClaim;
import io.github.sortlens.report.claims.PatchListValueClaim;
import io.github.sortlens.report.claims.PatchPreviousOutputClaim;
import io.github.sortlens.report.claims.PositionClaim;
import io.github.sortlens.report.claims.ReconstructionClaim;
import io.github.sortlens.report.claims.RepeatedErrorsClaim;
import io.github.sortlens.report.claims.RoleWritesClaim;
import io.github.sortlens.report.claims.RuleClaim;
import io.github.sortlens.report.claims.ScoreOrderClaim;
import io.github.sortlens.report.claims.WrongValueClaim;

import java.util.ArrayList;
import java.util.List;

/**
 * The claims of a run, in reading order: where the head looks and what it moves, what sets the margin, how much of
 * the model the mechanism reproduces when built into a model, where it fails, and what the ablations and patching
 * rule out. Each claim is its own unit ({@link io.github.sortlens.report.claims}); the same list, in the same order,
 * for every run, so that a sweep can lay runs side by side.
 */
public final class Findings {

    /** The claim units in reading order. */
    static final List<ClaimUnit> UNITS = units();

    private Findings() {
    }

    private static List<ClaimUnit> units() {
        List<ClaimUnit> out = new ArrayList<>(List.of(new AttentionClaim(), new ScoreOrderClaim(),
                new CopyingClaim(), new MarginClaim(), new RoleWritesClaim(), new ReconstructionClaim(),
                new IngredientsClaim()));
        out.addAll(RuleClaim.all());
        out.addAll(List.of(new RepeatedErrorsClaim(), GapClaim.beyondReach(), GapClaim.repeats(),
                new DuplicateClaim(), new PositionClaim(), new WrongValueClaim(), new HeadNecessaryClaim(),
                new MeanAblationClaim(), new PatchListValueClaim(), new PatchPreviousOutputClaim()));
        return List.copyOf(out);
    }

    /** The claims of a run, in reading order; empty when the run lacks the results they rest on. */
    public static List<Claim> of(RunData run) {
        return evidence(run).map(Findings::of).orElse(List.of());
    }

    /** What the claims rest on, when the run has it. */
    static java.util.Optional<Evidence> evidence(RunData run) {
        AnalysisResults a = run.analysis();
        if (a.mechanism() == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Evidence(run.config().model(), a.evaluation(), a.circuits(), a.ablations(),
                a.mechanism(), a.patching(), a.baselines()));
    }

    /** The claims from the results themselves (tests build these without a run directory). */
    static List<Claim> of(ModelConfig c, EvaluationResult eval, CircuitsResult circuits, AblationResult ablations,
                          MechanismResult m, PatchingResult patching, BaselineResult baselines) {
        return of(new Evidence(c, eval, circuits, ablations, m, patching, baselines));
    }

    static List<Claim> of(Evidence e) {
        return UNITS.stream().map(u -> u.evaluate(e)).toList();
    }

    /** Index of the head with the largest mean contribution to the logit margin. */
    static int mainHead(MechanismResult m) {
        return Evidence.mainHead(m);
    }
}
