package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.NaiveTransformer;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every output's explanation against an independent double-precision forward pass: the score terms sum to
 * {@code hook_attn_scores}, the weights are {@code hook_pattern}, the margin's parts sum to the logit difference of
 * the correct token over the strongest wrong one, and the reconstruction column is the full recipe's argmax.
 */
class OutputExplainerTest {

    private static final List<ModelConfig> SHAPES = List.of(TestWeights.TINY, TestWeights.TINY_2_HEADS);

    @Test
    void partsSumToTheModelsScoresAndMargins() {
        for (ModelConfig c : SHAPES) {
            Weights w = TestWeights.random(c, 17, 0.8);
            int[][] tokens = Fixtures.heldOut(c, 10, 5);
            double[][][] logits = new double[tokens.length][c.nCtx()][c.dVocab()];
            var hooks = new NaiveTransformer(w).run(tokens, logits);
            double[] scores = hooks.get(Hook.ATTN_SCORES);
            double[] pattern = hooks.get(Hook.PATTERN);
            OutputExplainer explainer = new OutputExplainer(w);
            ReconstructedModel full = new ReconstructedModel(w, LogitPaths.of(w), Recipe.full(), null);
            int t = c.nCtx();
            int n = c.listLength();
            int wrong = 0;
            for (int b = 0; b < tokens.length; b++) {
                OutputExplanation x = explainer.explain(tokens[b]);
                assertEquals(LogitDecomposition.count(c), x.components().size());
                for (int i = 0; i < n; i++) {
                    int q = n + 1 + i;
                    for (int h = 0; h < c.nHeads(); h++) {
                        for (int k = 0; k <= q; k++) {
                            double expected = scores[((b * c.nHeads() + h) * t + q) * t + k];
                            double sum = 0;
                            for (double[] term : x.scoreParts()[i][h]) {
                                sum += term[k];
                            }
                            assertEquals(expected, sum, 1e-9 * (1 + Math.abs(expected)), "score at key " + k);
                            assertEquals(expected, x.score()[i][h][k], 1e-9 * (1 + Math.abs(expected)));
                            assertEquals(pattern[((b * c.nHeads() + h) * t + q) * t + k], x.weight()[i][h][k], 1e-9);
                        }
                    }
                    double[] row = logits[b][q];
                    int correct = tokens[b][n + 2 + i];
                    assertEquals(correct, x.correct()[i]);
                    assertEquals(ReconstructionLadder.argmax(row), x.predicted()[i]);
                    double rivalLogit = Double.NEGATIVE_INFINITY;
                    for (int v = 0; v < row.length; v++) {
                        rivalLogit = v == correct ? rivalLogit : Math.max(rivalLogit, row[v]);
                    }
                    assertEquals(row[x.rival()[i]], rivalLogit, 1e-9 * (1 + Math.abs(rivalLogit)));
                    double margin = row[correct] - rivalLogit;
                    assertEquals(margin, x.margin()[i], 1e-9 * (1 + Math.abs(margin)));
                    double sum = 0;
                    for (double part : x.marginParts()[i]) {
                        sum += part;
                    }
                    assertEquals(margin, sum, 1e-9 * (1 + Math.abs(margin)), "margin parts at output " + i);
                    assertEquals(x.wrong(i), margin < 0);
                    for (int h = 0; h < c.nHeads(); h++) {
                        double bySource = 0;
                        for (double v : x.marginBySource()[i][h]) {
                            bySource += v;
                        }
                        double head = 0;
                        for (KeyRole r : KeyRole.values()) {
                            head += x.marginParts()[i][LogitDecomposition.component(h, r, false)]
                                    + x.marginParts()[i][LogitDecomposition.component(h, r, true)];
                        }
                        assertEquals(head, bySource, 1e-9 * (1 + Math.abs(head)), "head " + h + " by source");
                    }
                    wrong += x.wrong(i) ? 1 : 0;
                    double[] recon = new double[c.dVocab()];
                    full.logits(tokens[b], i, null, recon, new double[t]);
                    assertEquals(ReconstructionLadder.argmax(recon), x.reconstructed()[i]);
                    if (x.wrong(i)) {
                        assertTrue(x.marginParts()[i][x.decisive(i)] < 0, "a wrong output has a negative part");
                    }
                }
            }
            // random weights sort badly: the wrong-output branch above is exercised
            assertTrue(wrong > 0, "no wrong output to check");
        }
    }

    /** Without position embeddings and query/key biases, every term but token.token is zero. */
    @Test
    void termsThatReadAZeroedWeightAreZero() {
        ModelConfig c = TestWeights.TINY_2_HEADS;
        Weights w = TestWeights.zeroed(TestWeights.zeroed(TestWeights.zeroed(TestWeights.random(c, 4, 0.7),
                Param.W_POS), Param.B_Q), Param.B_K);
        int[] tokens = Fixtures.heldOut(c, 1, 8)[0];
        OutputExplanation x = new OutputExplainer(w).explain(tokens);
        double tokenToken = 0;
        for (double[][][] output : x.scoreParts()) {
            for (double[][] head : output) {
                for (int term = 1; term < head.length; term++) {
                    for (double v : head[term]) {
                        assertEquals(0, v, 0);
                    }
                }
                for (double v : head[0]) {
                    tokenToken += Math.abs(v);
                }
            }
        }
        assertTrue(tokenToken > 0, "token.token is the whole score and not zero");
    }
}
