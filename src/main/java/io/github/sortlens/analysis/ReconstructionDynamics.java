package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.SequenceScores;
import io.github.sortlens.train.Snapshots;
import io.github.sortlens.util.Parallel;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * When each part of the mechanism forms: at every training snapshot, the full reconstruction's agreement with the
 * model at that step, the list-only explanation's, what leaving each ingredient out costs, and a progress measure
 * that can move before accuracy does: how much more loss a reconstruction whose heads read the list keys only has
 * than the full one (the sorted half's and START/STOP's share of the mechanism).
 */
public final class ReconstructionDynamics {

    public static final String AGREEMENT = "reconstruction-agreement";
    public static final String LIST_ONLY = "list-only-agreement";
    public static final String LIST_KEYS_LOSS = "list-keys-loss-gap";
    /** Prefix of the leave-one-out measures' ids, followed by the recipe id. */
    public static final String COST_PREFIX = "cost-";

    /** The reconstruction's heads reading the list keys only, with every write. */
    static Recipe listKeysOnly() {
        Set<KeyRole> list = EnumSet.of(KeyRole.LIST);
        return new Recipe("list-keys", "list keys only, every write", list, true, true, Recipe.Direct.EXACT, true,
                Set.of(), false);
    }

    private final ModelConfig c;
    private final SequenceLayout layout;

    public ReconstructionDynamics(ModelConfig c) {
        this.c = c;
        this.layout = SequenceLayout.of(c);
    }

    /**
     * @param snapshots ascending by step
     * @param heldOut   [sequence, pos] the sequences every snapshot is measured on
     * @return the measures, each with one value per snapshot
     */
    public List<DynamicsResult.Measure> measures(List<Snapshots.Entry> snapshots, int[][] heldOut) {
        int on = heldOut.length;
        List<Recipe> recipes = new ArrayList<>(List.of(Recipe.full(), Recipe.ladder().get(0), listKeysOnly()));
        recipes.addAll(Recipe.leaveOneOut());
        double[][] agreement = new double[recipes.size()][snapshots.size()];
        double[][] loss = new double[recipes.size()][snapshots.size()];
        List<double[][]> bySnapshot = Parallel.map(snapshots, Parallel.threads(),
                snap -> measure(snap, heldOut, recipes));
        for (int s = 0; s < snapshots.size(); s++) {
            for (int r = 0; r < recipes.size(); r++) {
                agreement[r][s] = bySnapshot.get(s)[r][0];
                loss[r][s] = bySnapshot.get(s)[r][1];
            }
        }
        List<DynamicsResult.Measure> out = new ArrayList<>();
        out.add(new DynamicsResult.Measure(AGREEMENT, "reconstruction agrees with the model", "fraction of outputs "
                + "where the full reconstruction (the stated mechanism built into a model from this step's weights) "
                + "predicts what the model predicts", "percent", agreement[0], on));
        out.add(new DynamicsResult.Measure(LIST_ONLY, "list-only explanation agrees", "the same for the list-only "
                + "explanation (list keys, token write)", "percent", agreement[1], on));
        double[] gap = new double[snapshots.size()];
        for (int s = 0; s < gap.length; s++) {
            gap[s] = loss[2][s] - loss[0][s];
        }
        out.add(new DynamicsResult.Measure(LIST_KEYS_LOSS, "loss the list keys alone leave", "loss of a reconstruction"
                + " whose heads read the list keys only, minus the full reconstruction's: what the sorted half, START "
                + "and STOP add", "number", gap, on));
        for (int r = 3; r < recipes.size(); r++) {
            double[] cost = new double[snapshots.size()];
            for (int s = 0; s < cost.length; s++) {
                cost[s] = agreement[0][s] - agreement[r][s];
            }
            Recipe recipe = recipes.get(r);
            out.add(new DynamicsResult.Measure(COST_PREFIX + recipe.id(), "cost of leaving out "
                    + recipe.label().replaceFirst("^without ", ""), "agreement the full reconstruction loses "
                    + recipe.label(), "percent", cost, on));
        }
        return out;
    }

    /** [recipe] {agreement, loss} of one snapshot (independent of the others: snapshots run on several threads). */
    private double[][] measure(Snapshots.Entry snap, int[][] heldOut, List<Recipe> recipes) {
        double[][] out = new double[recipes.size()][2];
        ModelRunner runner = new ModelRunner(snap.weights());
        SequenceScores scores = runner.score(heldOut, ModelRunner.ChunkInterventions.NONE);
        LogitPaths paths = LogitPaths.of(snap.weights());
        double[][] meanDirect = ReconstructionLadder.meanDirectToken(c, paths, heldOut);
        double[] logits = new double[c.dVocab()];
        double[] scratch = new double[c.nCtx()];
        long outputs = (long) heldOut.length * c.listLength();
        for (int r = 0; r < recipes.size(); r++) {
            ReconstructedModel model = new ReconstructedModel(snap.weights(), paths, recipes.get(r), meanDirect);
            long agree = 0;
            double lossSum = 0;
            for (int b = 0; b < heldOut.length; b++) {
                for (int i = 0; i < c.listLength(); i++) {
                    model.logits(heldOut[b], i, null, logits, scratch);
                    agree += ReconstructionLadder.argmax(logits) == scores.predicted()[b][i] ? 1 : 0;
                    lossSum -= ReconstructionLadder.logSoftmax(logits)[layout.answer(heldOut[b], i)];
                }
            }
            out[r][0] = (double) agree / outputs;
            out[r][1] = lossSum / outputs;
        }
        return out;
    }
}
