package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.NaiveTransformer;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact decomposition sums to the logits of an independent double-precision forward pass, and the reconstructed
 * model equals a plain re-statement of its definition, written here with loops straight from the weights.
 */
class ReconstructionTest {

    private static final List<ModelConfig> SHAPES = List.of(TestWeights.TINY, TestWeights.TINY_2_HEADS);

    @Test
    void decompositionSumsToTheLogitsAndKeepsTheArgmax() {
        for (ModelConfig c : SHAPES) {
            Weights w = TestWeights.random(c, 11, 0.7);
            int[][] tokens = Fixtures.heldOut(c, 12, 3);
            double[][][] logits = new double[tokens.length][c.nCtx()][c.dVocab()];
            double[] pattern = new NaiveTransformer(w).run(tokens, logits).get(Hook.PATTERN);
            LogitDecomposition d = new LogitDecomposition(c, LogitPaths.of(w));
            int t = c.nCtx();
            int n = c.listLength();
            for (int b = 0; b < tokens.length; b++) {
                for (int i = 0; i < n; i++) {
                    int q = n + 1 + i;
                    double[][] row = row(pattern, c, b, q);
                    double[][] parts = d.parts(tokens[b], i, row);
                    assertEquals(LogitDecomposition.count(c), parts.length);
                    double[] sum = LogitDecomposition.sum(parts);
                    for (int v = 0; v < c.dVocab(); v++) {
                        assertEquals(logits[b][q][v], sum[v], 1e-9 * (1 + Math.abs(logits[b][q][v])));
                    }
                    assertEquals(ReconstructionLadder.argmax(logits[b][q]), ReconstructionLadder.argmax(sum));
                    double[] along = LogitDecomposition.along(parts, 1, 2);
                    double total = 0;
                    for (double x : along) {
                        total += x;
                    }
                    assertEquals(logits[b][q][1] - logits[b][q][2], total, 1e-9 * (1 + Math.abs(total)));
                }
            }
            assertEquals(t, c.nCtx());
        }
    }

    @Test
    void everyRecipeEqualsANaiveRestatementOfItsDefinition() {
        for (ModelConfig c : SHAPES) {
            Weights w = TestWeights.random(c, 5, 0.6);
            int[][] tokens = Fixtures.heldOut(c, 10, 9);
            double[][][] logits = new double[tokens.length][c.nCtx()][c.dVocab()];
            double[] pattern = new NaiveTransformer(w).run(tokens, logits).get(Hook.PATTERN);
            LogitPaths paths = LogitPaths.of(w);
            double[][] meanDirect = meanDirect(w, tokens);
            List<Recipe> recipes = new java.util.ArrayList<>(Recipe.ladder());
            recipes.addAll(Recipe.leaveOneOut());
            recipes.add(Recipe.realPatternControl());
            for (Recipe r : recipes) {
                ReconstructedModel model = new ReconstructedModel(w, paths, r, meanDirect);
                double[] out = new double[c.dVocab()];
                for (int b = 0; b < tokens.length; b++) {
                    for (int i = 0; i < c.listLength(); i++) {
                        double[][] row = row(pattern, c, b, c.listLength() + 1 + i);
                        model.logits(tokens[b], i, row, out, new double[c.nCtx()]);
                        double[] expected = naive(w, r, tokens[b], i, row, meanDirect);
                        for (int v = 0; v < out.length; v++) {
                            assertEquals(expected[v], out[v], 1e-9 * (1 + Math.abs(expected[v])),
                                    r.id() + " at output " + i + ", token " + v);
                        }
                    }
                }
            }
        }
    }

    /** Where every list position shares one embedding and so does the sorted half, the full recipe is exact. */
    @Test
    void fullReconstructionIsTheModelWhenPositionsWithinARoleAreEqual() {
        ModelConfig c = TestWeights.TINY_2_HEADS;
        Weights w = rolePositions(TestWeights.random(c, 21, 0.7));
        int[][] tokens = Fixtures.heldOut(c, 40, 4);
        MechanismResult m = new Mechanism(new ModelRunner(w, 16)).compute(tokens);
        ReconstructionResult.Rung full = m.reconstruction().full();
        assertEquals(1.0, full.agreement(), 1e-12);
        for (double recovered : full.lossRecovered()) {
            assertEquals(1.0, recovered, 1e-3);
        }
        assertEquals(1.0, m.reconstruction().realPattern().agreement(), 1e-12);
        // the list-only rung leaves out most of the model: it must not reproduce it
        assertTrue(m.reconstruction().ladder().get(0).agreement() < 0.9, "list-only rung reproduces the model");
        assertTrue(m.decomposition().maxClosureError() < 1e-3, "decomposition closes on float32 logits");
        assertEquals(1.0, m.decomposition().argmaxAgreement(), 1e-12);
    }

    @Test
    void withGenericPositionsTheFullRecipeIsAnApproximationAndTheMeanBaselinesMatchTheAblations() {
        ModelConfig c = TestWeights.TINY;
        Weights w = TestWeights.random(c, 8, 0.9);
        int[][] tokens = Fixtures.heldOut(c, 60, 2);
        ModelRunner runner = new ModelRunner(w, 16);
        MechanismResult m = new Mechanism(runner).compute(tokens);
        AblationResult ablations = new Ablations(runner, 1).compute(tokens);
        ReconstructionResult r = m.reconstruction();
        assertEquals(ablations.row("L0H0", Ablations.ZERO).orElseThrow().ablated().loss(), r.baselineLoss()[0], 1e-4);
        assertEquals(ablations.row("L0H0", Ablations.MEAN).orElseThrow().ablated().loss(), r.baselineLoss()[1], 1e-4);
        assertEquals(ablations.clean().loss(), r.modelLoss(), 1e-4);
        assertNotEquals(1.0, r.full().klMean(), 0.0);
        long histogram = 0;
        for (long count : r.full().klHistogram()) {
            histogram += count;
        }
        assertEquals(r.outputs(), histogram);
    }

    @Test
    void eachRuleChangesTheReconstructionAndLowRankIsExactAtFullRank() {
        ModelConfig c = TestWeights.TINY;
        Weights w = TestWeights.random(c, 3, 0.7);
        int[][] tokens = Fixtures.heldOut(c, 5, 1);
        LogitPaths paths = LogitPaths.of(w);
        double[][] meanDirect = meanDirect(w, tokens);
        ReconstructedModel full = new ReconstructedModel(w, paths, Recipe.full(), meanDirect);
        double[] a = new double[c.dVocab()];
        double[] b = new double[c.dVocab()];
        for (Recipe r : Recipe.substitutions()) {
            ReconstructedModel sub = new ReconstructedModel(w, paths, r, meanDirect);
            double diff = 0;
            for (int[] seq : tokens) {
                for (int i = 0; i < c.listLength(); i++) {
                    full.logits(seq, i, null, a, new double[c.nCtx()]);
                    sub.logits(seq, i, null, b, new double[c.nCtx()]);
                    for (int v = 0; v < a.length; v++) {
                        diff = Math.max(diff, Math.abs(a[v] - b[v]));
                    }
                }
            }
            assertTrue(diff > 1e-6, r.id() + " changed nothing");
        }
        double[][] m = {{3, 1, 0}, {1, 2, 5}, {0, 4, 1}};
        double[][] same = LowRank.approximate(m, 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(m[i][j], same[i][j], 1e-8);
            }
        }
    }

    /** Over training, each snapshot's reconstruction is measured against that snapshot's own model. */
    @Test
    void dynamicsMeasureEachSnapshotAgainstItsOwnModel() {
        ModelConfig c = TestWeights.TINY;
        Weights exact = rolePositions(TestWeights.random(c, 21, 0.7));
        Weights generic = TestWeights.random(c, 22, 0.9);
        int[][] tokens = Fixtures.heldOut(c, 30, 6);
        List<DynamicsResult.Measure> m = new ReconstructionDynamics(c).measures(List.of(
                new io.github.sortlens.train.Snapshots.Entry(0, exact),
                new io.github.sortlens.train.Snapshots.Entry(100, generic)), tokens);
        double[] agreement = measure(m, ReconstructionDynamics.AGREEMENT).values();
        assertEquals(1.0, agreement[0], 1e-12, "positions equal within roles: the reconstruction is the model");
        MechanismResult direct = new Mechanism(new ModelRunner(generic, 16)).compute(tokens);
        assertEquals(direct.reconstruction().full().agreement(), agreement[1], 1e-12);
        assertEquals(direct.reconstruction().ladder().get(0).agreement(),
                measure(m, ReconstructionDynamics.LIST_ONLY).values()[1], 1e-12);
        for (ReconstructionResult.Rung rung : direct.reconstruction().leaveOneOut()) {
            assertEquals(direct.reconstruction().full().agreement() - rung.agreement(),
                    measure(m, ReconstructionDynamics.COST_PREFIX + rung.id()).values()[1], 1e-12, rung.id());
        }
    }

    private static DynamicsResult.Measure measure(List<DynamicsResult.Measure> m, String id) {
        return m.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    }

    // ---- the naive restatement ----

    private static double[] naive(Weights w, Recipe r, int[] seq, int i, double[][] realRow, double[][] meanDirect) {
        ModelConfig c = w.config();
        int n = c.listLength();
        int q = n + 1 + i;
        int p = seq[q];
        int vocab = c.dVocab();
        int d = c.dModel();
        double[] out = new double[vocab];
        for (int v = 0; v < vocab; v++) {
            if (r.biases()) {
                out[v] += g(w, Param.B_U, v);
                for (int e = 0; e < d; e++) {
                    out[v] += g(w, Param.B_O, e) * g(w, Param.W_U, e, v);
                }
            }
            if (r.direct() != Recipe.Direct.NONE) {
                for (int e = 0; e < d; e++) {
                    out[v] += g(w, Param.W_POS, q, e) * g(w, Param.W_U, e, v);
                    if (r.direct() == Recipe.Direct.EXACT) {
                        out[v] += g(w, Param.W_E, p, e) * g(w, Param.W_U, e, v);
                    }
                }
                if (r.direct() == Recipe.Direct.MEAN) {
                    out[v] += meanDirect[i][v];
                }
            }
        }
        for (int h = 0; h < c.nHeads(); h++) {
            double[] weight = new double[q + 1];
            double z = 0;
            for (int k = 0; k <= q; k++) {
                KeyRole role = role(n, k, q);
                if (!r.roles().contains(role)) {
                    continue;
                }
                double[] pos = rolePosition(w, role, k, q);
                double s = 0;
                for (int e = 0; e < c.dHead(); e++) {
                    double qe = g(w, Param.B_Q, h, e);
                    double ke = g(w, Param.B_K, h, e);
                    for (int f = 0; f < d; f++) {
                        qe += (g(w, Param.W_E, p, f) + g(w, Param.W_POS, q, f)) * g(w, Param.W_Q, h, f, e);
                        ke += (g(w, Param.W_E, seq[k], f) + pos[f]) * g(w, Param.W_K, h, f, e);
                    }
                    s += qe * ke;
                }
                weight[k] = Math.exp(s / Math.sqrt(c.dHead()));
                z += weight[k];
            }
            for (int k = 0; k <= q; k++) {
                KeyRole role = role(n, k, q);
                if (!r.roles().contains(role)) {
                    continue;
                }
                double a = r.realPattern() ? realRow[h][k] : weight[k] / z;
                double[] pos = rolePosition(w, role, k, q);
                double[] x = new double[d];
                for (int f = 0; f < d; f++) {
                    x[f] = (r.tokenWrites() ? g(w, Param.W_E, seq[k], f) : 0) + (r.roleWrites() ? pos[f] : 0);
                }
                for (int v = 0; v < vocab; v++) {
                    double write = 0;
                    for (int e = 0; e < c.dHead(); e++) {
                        double ve = r.roleWrites() ? g(w, Param.B_V, h, e) : 0;
                        for (int f = 0; f < d; f++) {
                            ve += x[f] * g(w, Param.W_V, h, f, e);
                        }
                        for (int f = 0; f < d; f++) {
                            write += ve * g(w, Param.W_O, h, e, f) * g(w, Param.W_U, f, v);
                        }
                    }
                    out[v] += a * write;
                }
            }
        }
        return out;
    }

    /** A weight as a double, so that sums are never rounded to float. */
    private static double g(Weights w, Param p, int... index) {
        return w.get(p).get(index);
    }

    private static KeyRole role(int n, int k, int q) {
        if (k == q) {
            return KeyRole.QUERY;
        }
        return k == 0 ? KeyRole.START : k <= n ? KeyRole.LIST : k == n + 1 ? KeyRole.STOP : KeyRole.SORTED;
    }

    /** The position embedding the recipe gives a key: its role's mean for list and earlier sorted keys. */
    private static double[] rolePosition(Weights w, KeyRole role, int k, int q) {
        ModelConfig c = w.config();
        int n = c.listLength();
        int from = role == KeyRole.LIST ? 1 : role == KeyRole.SORTED ? n + 2 : k;
        int to = role == KeyRole.LIST ? n + 1 : role == KeyRole.SORTED ? q : k + 1;
        double[] out = new double[c.dModel()];
        for (int pos = from; pos < to; pos++) {
            for (int f = 0; f < out.length; f++) {
                out[f] += g(w, Param.W_POS, pos, f) / (to - from);
            }
        }
        return out;
    }

    private static double[][] meanDirect(Weights w, int[][] tokens) {
        ModelConfig c = w.config();
        double[][] out = new double[c.listLength()][c.dVocab()];
        for (int[] seq : tokens) {
            for (int i = 0; i < c.listLength(); i++) {
                int tok = seq[c.listLength() + 1 + i];
                for (int v = 0; v < c.dVocab(); v++) {
                    for (int e = 0; e < c.dModel(); e++) {
                        out[i][v] += g(w, Param.W_E, tok, e) * g(w, Param.W_U, e, v) / tokens.length;
                    }
                }
            }
        }
        return out;
    }

    private static double[][] row(double[] pattern, ModelConfig c, int b, int q) {
        int t = c.nCtx();
        double[][] row = new double[c.nHeads()][t];
        for (int h = 0; h < c.nHeads(); h++) {
            for (int k = 0; k < t; k++) {
                row[h][k] = pattern[((b * c.nHeads() + h) * t + q) * t + k];
            }
        }
        return row;
    }

    /** The same weights with every list position given the list's mean embedding, and likewise the sorted half. */
    private static Weights rolePositions(Weights w) {
        ModelConfig c = w.config();
        int n = c.listLength();
        Tensor pos = Tensor.zeros(Param.W_POS.shape(c));
        for (int p = 0; p < c.nCtx(); p++) {
            int from = p >= 1 && p <= n ? 1 : p >= n + 2 ? n + 2 : p;
            int to = p >= 1 && p <= n ? n + 1 : p >= n + 2 ? c.nCtx() : p + 1;
            for (int f = 0; f < c.dModel(); f++) {
                double mean = 0;
                for (int r = from; r < to; r++) {
                    mean += g(w, Param.W_POS, r, f) / (to - from);
                }
                pos.data()[p * c.dModel() + f] = (float) mean;
            }
        }
        return w.with(Param.W_POS, pos);
    }
}
