package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.HandSetWeights;
import io.github.sortlens.testing.NaiveTransformer;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every number of {@code mechanism.json} against a plain double-precision recomputation from {@link NaiveTransformer}. */
class MechanismTest {

    private static final ModelConfig C = TestWeights.TINY_2_HEADS;
    private static final Weights W = TestWeights.random(C, 77, 0.8);
    private static final double TOL = 2e-4;

    private static int[][] tokens;
    private static MechanismResult result;
    private static Map<Hook, double[]> hooks;
    private static double[][][] logits;

    @BeforeAll
    static void run() {
        tokens = Fixtures.heldOut(C, 70, 5);
        result = new Mechanism(new ModelRunner(W, 16)).compute(tokens);
        logits = new double[tokens.length][C.nCtx()][C.dVocab()];
        hooks = new NaiveTransformer(W).run(tokens, logits);
    }

    @Test
    void attentionMassByDeltaRoleAndTopKey() {
        int t = C.nCtx();
        int n = C.listLength();
        int heads = C.nHeads();
        double[] pattern = hooks.get(Hook.PATTERN);
        for (int h = 0; h < heads; h++) {
            MechanismResult.HeadAttention a = result.attention().get(h);
            for (int i = 0; i < n; i++) {
                int q = n + 1 + i;
                double[] delta = new double[2 * C.valueCount() - 1];
                double[] role = new double[4];
                double top = 0;
                for (int b = 0; b < tokens.length; b++) {
                    int answer = tokens[b][q + 1];
                    int best = 0;
                    for (int k = 0; k <= q; k++) {
                        double p = pattern[((b * heads + h) * t + q) * t + k];
                        if (p > pattern[((b * heads + h) * t + q) * t + best]) {
                            best = k;
                        }
                        if (k >= 1 && k <= n) {
                            delta[tokens[b][k] - answer + C.valueCount() - 1] += p / tokens.length;
                            role[0] += p / tokens.length;
                        } else {
                            role[k == 0 ? 1 : k == n + 1 ? 2 : 3] += p / tokens.length;
                        }
                    }
                    top += best >= 1 && best <= n && tokens[b][best] == answer ? 1.0 / tokens.length : 0;
                }
                assertArrayEquals(delta, a.byDelta()[i], TOL, "delta, output " + i);
                assertArrayEquals(role, a.byRole()[i], TOL, "role, output " + i);
                assertEquals(top, a.topKeyHoldsAnswer()[i], 1e-9, "top key, output " + i);
            }
            double sum = Arrays.stream(a.roleMean()).sum();
            assertEquals(1.0, sum, 1e-5, "attention sums to 1");
        }
    }

    /** The position-averaged score equals the mean of the explicit score over every query and key position. */
    @Test
    void scoreTableIsTheMeanOfTheComputedScoreOverPositions() {
        int n = C.listLength();
        int values = C.valueCount();
        for (int h = 0; h < C.nHeads(); h++) {
            MechanismResult.HeadScores s = result.scores().get(h);
            for (int a = 0; a <= values; a++) {
                int token = a < values ? a : C.stopToken();
                int from = a < values ? n + 2 : n + 1;
                int to = a < values ? 2 * n : n + 1;
                for (int b = 0; b < values; b++) {
                    double sum = 0;
                    int count = 0;
                    for (int p = from; p <= to; p++) {
                        for (int r = 1; r <= n; r++) {
                            sum += score(h, token, p, b, r);
                            count++;
                        }
                    }
                    assertEquals(sum / count, s.score()[a][b], 1e-6 * Math.max(1, Math.abs(sum / count)),
                            "score " + a + ", " + b);
                }
            }
        }
    }

    @Test
    void bandStatisticsFollowTheScoreTable() {
        MechanismResult.HeadScores s = result.scores().get(0);
        int values = C.valueCount();
        long wins = 0;
        long pairs = 0;
        for (int a = 0; a < values; a++) {
            for (int lo = 0; lo < a; lo++) {
                for (int hi = a; hi < values; hi++) {
                    pairs++;
                    wins += s.score()[a][hi] > s.score()[a][lo] ? 1 : 0;
                }
            }
            double max = Arrays.stream(s.score()[a]).max().orElseThrow();
            int size = 0;
            for (int b = 0; b < values; b++) {
                size += s.score()[a][b] >= max - Math.log(10) ? 1 : 0;
            }
            assertEquals(size, s.bandSize()[a]);
            assertEquals(max, s.score()[a][s.peak()[a]], 0);
        }
        assertEquals((double) wins / pairs, s.aboveOverBelow(), 1e-12);
    }

    @Test
    void logitDifferenceSplitsTheMarginExactly() {
        int t = C.nCtx();
        int n = C.listLength();
        int heads = C.nHeads();
        int d = C.dModel();
        double[] result = hooks.get(Hook.RESULT);
        double[] pattern = hooks.get(Hook.PATTERN);
        double[] v = hooks.get(Hook.V);
        int count = tokens.length * n;
        double marginSum = 0;
        double[] headSum = new double[heads];
        double[] margins = new double[count];
        int at = 0;
        for (int b = 0; b < tokens.length; b++) {
            for (int i = 0; i < n; i++) {
                int q = n + 1 + i;
                int answer = tokens[b][q + 1];
                int wrong = -1;
                for (int j = 0; j < C.dVocab(); j++) {
                    if (j != answer && (wrong < 0 || logits[b][q][j] > logits[b][q][wrong])) {
                        wrong = j;
                    }
                }
                margins[at++] = logits[b][q][answer] - logits[b][q][wrong];
                marginSum += logits[b][q][answer] - logits[b][q][wrong];
                for (int h = 0; h < heads; h++) {
                    for (int k = 0; k < d; k++) {
                        headSum[h] += result[((b * t + q) * heads + h) * d + k]
                                * (W.get(Param.W_U).get(k, answer) - W.get(Param.W_U).get(k, wrong));
                    }
                }
            }
        }
        MechanismResult.LogitDifference ld = MechanismTest.result.logitDiff();
        assertEquals(marginSum / count, ld.meanMargin(), TOL * Math.max(1, Math.abs(marginSum / count)));
        Arrays.sort(margins);
        assertEquals((margins[count / 2 - 1] + margins[count / 2]) / 2, ld.medianMargin(), TOL);
        for (int h = 0; h < heads; h++) {
            assertEquals(headSum[h] / count, ld.componentMean()[2 + h], TOL, "head " + h);
        }
        assertEquals(ld.meanMargin(), Arrays.stream(ld.componentMean()).sum(), TOL);
        assertTrue(ld.maxClosureError() < 1e-3, "closure " + ld.maxClosureError());
    }

    @Test
    void outputScaleIsTheNormOfTheMeanHeadOutput() {
        int t = C.nCtx();
        int n = C.listLength();
        int heads = C.nHeads();
        int d = C.dModel();
        double[] res = hooks.get(Hook.RESULT);
        for (int h = 0; h < heads; h++) {
            double normOfMean = 0;
            double meanNorm = 0;
            for (int i = 0; i < n; i++) {
                int q = n + 1 + i;
                double[] mean = new double[d];
                for (int b = 0; b < tokens.length; b++) {
                    double sq = 0;
                    for (int k = 0; k < d; k++) {
                        double x = res[((b * t + q) * heads + h) * d + k];
                        mean[k] += x / tokens.length;
                        sq += x * x;
                    }
                    meanNorm += Math.sqrt(sq) / (tokens.length * n);
                }
                normOfMean += OutputScales.norm(mean) / n;
            }
            MechanismResult.HeadScale s = result.outputScale().heads().get(h);
            assertEquals(normOfMean, s.meanOutputNorm(), TOL * Math.max(1, normOfMean));
            assertEquals(meanNorm, s.typicalOutputNorm(), TOL * Math.max(1, meanNorm));
        }
        double bO = 0;
        for (int k = 0; k < d; k++) {
            bO += W.get(Param.B_O).get(k) * (double) W.get(Param.B_O).get(k);
        }
        assertEquals(Math.sqrt(bO), result.outputScale().bONorm(), 1e-9);
    }

    @Test
    void heldOutFiguresAndIntervals() {
        int n = C.listLength();
        int right = 0;
        int full = 0;
        for (int b = 0; b < tokens.length; b++) {
            int r = 0;
            for (int i = 0; i < n; i++) {
                int q = n + 1 + i;
                int best = 0;
                for (int j = 1; j < C.dVocab(); j++) {
                    best = logits[b][q][j] > logits[b][q][best] ? j : best;
                }
                r += best == tokens[b][q + 1] ? 1 : 0;
            }
            right += r;
            full += r == n ? 1 : 0;
        }
        MechanismResult.HeldOut h = result.heldOut();
        assertEquals((double) right / (tokens.length * n), h.tokenAccuracy(), 1e-12);
        assertEquals((double) full / tokens.length, h.fullySorted(), 1e-12);
        assertTrue(h.tokenAccuracyLow() <= h.tokenAccuracy() && h.tokenAccuracy() <= h.tokenAccuracyHigh());
        // Wilson's interval solves (p - x)^2 = z^2 x (1 - x) / n for x
        double[] w = Mechanism.wilson(81, 263);
        double z = 1.959963984540054;
        double p = 81.0 / 263;
        for (double x : w) {
            assertEquals((p - x) * (p - x), z * z * x * (1 - x) / 263, 1e-12);
        }
        assertEquals(0.2553, w[0], 1e-4);
        assertEquals(0.3662, w[1], 1e-4);
    }


    /** With an identity OV the map copies: each value's token write peaks on itself. */
    @Test
    void identityOvCopiesInTheTokenWrite() {
        Weights w = HandSetWeights.identityOv(HandSetWeights.WIDE, 3);
        double[][] write = LogitPaths.of(w).tokenWrite()[0];
        for (int b = 0; b < HandSetWeights.WIDE.valueCount(); b++) {
            assertEquals(b, ReconstructionLadder.argmax(java.util.Arrays.copyOf(write[b],
                    HandSetWeights.WIDE.valueCount())));
        }
    }

    /** ((W_E[a] + W_pos[p]) W_Q + b_Q) . ((W_E[b] + W_pos[r]) W_K + b_K) / sqrt(d_head), written out. */
    private static double score(int h, int a, int p, int b, int r) {
        double s = 0;
        for (int e = 0; e < C.dHead(); e++) {
            double q = W.get(Param.B_Q).get(h, e);
            double k = W.get(Param.B_K).get(h, e);
            for (int i = 0; i < C.dModel(); i++) {
                q += (W.get(Param.W_E).get(a, i) + W.get(Param.W_POS).get(p, i)) * W.get(Param.W_Q).get(h, i, e);
                k += (W.get(Param.W_E).get(b, i) + W.get(Param.W_POS).get(r, i)) * W.get(Param.W_K).get(h, i, e);
            }
            s += q * k;
        }
        return s / Math.sqrt(C.dHead());
    }

    /** Mean over list positions of the logits key value b writes through head h when fully attended. */
    private static double[] ovRow(int h, int b) {
        int n = C.listLength();
        double[] out = new double[C.valueCount()];
        for (int r = 1; r <= n; r++) {
            for (int j = 0; j < out.length; j++) {
                double logit = 0;
                for (int k = 0; k < C.dModel(); k++) {
                    double written = 0;
                    for (int e = 0; e < C.dHead(); e++) {
                        double value = W.get(Param.B_V).get(h, e);
                        for (int i = 0; i < C.dModel(); i++) {
                            value += (W.get(Param.W_E).get(b, i) + W.get(Param.W_POS).get(r, i))
                                    * W.get(Param.W_V).get(h, i, e);
                        }
                        written += value * W.get(Param.W_O).get(h, e, k);
                    }
                    logit += written * W.get(Param.W_U).get(k, j);
                }
                out[j] += logit / n;
            }
        }
        return out;
    }
}
