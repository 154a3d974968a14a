package io.github.sortlens.report.claims;

import io.github.sortlens.analysis.AblationResult;
import io.github.sortlens.analysis.BaselineResult;
import io.github.sortlens.analysis.CircuitsResult;
import io.github.sortlens.analysis.DecompositionResult;
import io.github.sortlens.analysis.EvaluationResult;
import io.github.sortlens.analysis.MainHead;
import io.github.sortlens.analysis.MechanismResult;
import io.github.sortlens.analysis.PatchingResult;
import io.github.sortlens.analysis.ReconstructionResult;
import io.github.sortlens.config.ModelConfig;

/**
 * The results a claim may rest on, and the head the claims speak of.
 *
 * @param head the main head: the one whose mean part of the logit margin is largest (the only head of the default
 *             model)
 */
public record Evidence(ModelConfig c, EvaluationResult eval, CircuitsResult circuits, AblationResult ablations,
                       MechanismResult m, PatchingResult patching, BaselineResult baselines, int head) {

    /** @param baselines the circuit statistics of the untrained and the permuted model; null when not measured */
    public Evidence(ModelConfig c, EvaluationResult eval, CircuitsResult circuits, AblationResult ablations,
                    MechanismResult m, PatchingResult patching, BaselineResult baselines) {
        this(c, eval, circuits, ablations, m, patching, baselines, mainHead(m));
    }

    /** The main head's statistics on the untrained and the permuted model, when measured. */
    public java.util.Optional<BaselineResult.HeadBaselines> headBaselines() {
        return baselines == null ? java.util.Optional.empty() : java.util.Optional.of(baselines.heads().get(head));
    }

    /** Index of the head with the largest mean part of the logit margin ({@link MainHead}). */
    public static int mainHead(MechanismResult m) {
        return MainHead.of(m);
    }

    public String headName() {
        return m.heads().get(head);
    }

    public boolean oneHead() {
        return c.nHeads() == 1;
    }

    /** "the head" with one head, else "the main head L0H1". */
    public String theHead() {
        return oneHead() ? headName() : "the main head " + headName();
    }

    public DecompositionResult decomposition() {
        return m.decomposition();
    }

    public ReconstructionResult reconstruction() {
        return m.reconstruction();
    }
}
