package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.NaiveTransformer;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationPatchingTest {

    private static final ModelConfig C = TestWeights.TINY_2_HEADS;
    private static final Weights W = TestWeights.random(C, 51, 0.8);
    private static final SortingTask TASK = new SortingTask(C);
    private static final long SEED = 3;

    /** A previous-output corruption of {@code clean}, drawn from a fixed seed. */
    private static Corruptions.Corrupted previousOutput(int[] clean) {
        return new Corruptions(C).apply(Corruptions.PREVIOUS_OUTPUT, clean, new SplitMix64(5)).orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(value = Hook.class, names = {"RESID_PRE", "RESID_POST"})
    void patchingTheWholeResidualStreamEverywhereGivesOne(Hook hook) {
        assertEquals(1.0, patch(hook, 1f), 1e-4);
    }

    @ParameterizedTest
    @EnumSource(value = Hook.class, names = {"RESID_PRE", "Z", "PATTERN", "RESULT"})
    void patchingNothingGivesZero(Hook hook) {
        assertEquals(0.0, patch(hook, 0f), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(value = Hook.class, names = {"Z", "RESULT"})
    void patchingTheHeadsLeavesTheChangedPreviousOutputsDirectPathCorrupted(Hook hook) {
        // the changed token sits at the query, so it still reaches the logits through embed: not a full restoration
        double restored = patch(hook, 1f);
        assertTrue(Math.abs(restored - 1) > 1e-3 && Math.abs(restored) > 1e-3, "restored " + restored);
    }

    @ParameterizedTest
    @EnumSource(value = Hook.class, names = {"Z", "RESULT"})
    void aChangedListValueReachesTheAnswerOnlyThroughTheHeads(Hook hook) {
        int[] clean = TASK.sequence(3, 7, 1, 7, 5);
        Corruptions.Corrupted x = new Corruptions(C).apply(Corruptions.LIST_VALUE, clean, new SplitMix64(5))
                .orElseThrow();
        Tensor mask = Tensor.zeros(hook.shape(C, 1));
        Arrays.fill(mask.data(), 1f);
        assertEquals(1.0, new ActivationPatching(new ModelRunner(W), SEED).patch(clean, x, hook, mask), 1e-4);
    }

    private static double patch(Hook hook, float maskValue) {
        int[] clean = TASK.sequence(3, 7, 1, 7, 5);
        Tensor mask = Tensor.zeros(hook.shape(C, 1));
        Arrays.fill(mask.data(), maskValue);
        return new ActivationPatching(new ModelRunner(W), SEED).patch(clean, previousOutput(clean), hook, mask);
    }

    @Test
    void batchedPatchingAgreesWithOnePatchAtATimeAndNothingAfterTheQueryMatters() {
        ExampleSet examples = Fixtures.examples(C, 8);
        ActivationPatching patching = new ActivationPatching(new ModelRunner(W, 97), SEED);
        PatchingResult r = patching.compute(examples, Fixtures.heldOut(C, 10, 4));

        assertEquals(1 + 6 * C.nHeads(), r.targets().size());
        assertTrue(r.skipped().stream().anyMatch(s -> s.startsWith("all-equal previous-output")),
                r.skipped().toString());
        int target = r.targets().indexOf("L0H1 hook_z");
        for (PatchingResult.Pair pair : r.pairs().subList(0, 6)) {
            int query = SequenceLayout.of(C).predictorOf(0) + pair.readOutput();
            Tensor mask = Tensor.zeros(Hook.Z.shape(C, 1));
            int at = mask.offset(0, query, 1, 0);
            Arrays.fill(mask.data(), at, at + C.dHead(), 1f);
            Corruptions.Corrupted x = new Corruptions.Corrupted(pair.corruption(), pair.description(),
                    pair.corruptedTokens(), pair.changedPosition(), pair.readOutput(), pair.cleanAnswer(),
                    pair.corruptedAnswer());
            double single = patching.patch(pair.cleanTokens(), x, Hook.Z, mask);
            assertEquals(single, pair.normalised()[target][query], 1e-4);
        }
        // causal attention: nothing after the query can matter; a head's output elsewhere reaches only its own
        // position's logits, its keys and values differ only where the token changed (what lets the held-out summary
        // skip those cells); and every cell the architecture forces is what it forces, pair by pair
        int informative = 0;
        for (PatchingResult.Pair pair : r.pairs()) {
            int query = SequenceLayout.of(C).predictorOf(0) + pair.readOutput();
            for (int t = 0; t < r.targets().size(); t++) {
                String tlName = r.targetHooks().get(t);
                Hook hook = Arrays.stream(Hook.values()).filter(h -> h.tlName().equals(tlName)).findFirst()
                        .orElseThrow();
                for (int p = 0; p < C.nCtx(); p++) {
                    boolean keyOrValueAtChange = (hook == Hook.K || hook == Hook.V) && p == pair.changedPosition();
                    if (p > query || (t > 0 && p != query && !keyOrValueAtChange)) {
                        assertEquals(0.0, pair.normalised()[t][p], 1e-5, r.targets().get(t) + " at " + p);
                    }
                    int role = patching.role(p, pair.changedPosition(), query);
                    String where = pair.corruption() + " " + r.targets().get(t) + " at " + p;
                    switch (ActivationPatching.byConstruction(pair.corruption(), hook, role, C.nHeads())) {
                        case ZERO -> assertEquals(0.0, pair.normalised()[t][p], 1e-5, where);
                        case ONE -> assertEquals(1.0, pair.normalised()[t][p], 1e-4, where);
                        case NO -> informative += Math.abs(pair.normalised()[t][p]) > 1e-3 ? 1 : 0;
                        case NEAR_ZERO_IF_SORTING -> { }
                    }
                }
            }
            if (pair.corruption().equals(Corruptions.LIST_VALUE)) {
                assertEquals(1.0, pair.normalised()[0][pair.changedPosition()], 1e-4);
            }
        }
        assertTrue(informative > r.pairs().size(), "cells not forced should measure something: " + informative);
    }

    /** One head whose keys (or values) read only positions: the change can act only through the other one. */
    @ParameterizedTest
    @EnumSource(value = Hook.class, names = {"K", "V"})
    void aKeyOrValueBlindToTheTokenRestoresNothingAndTheOtherRestoresAll(Hook blind) {
        ModelConfig c = TestWeights.TINY;
        Weights w = TestWeights.random(c, 17, 0.8);
        int half = c.dModel() / 2;
        // tokens live in the first half of the residual stream, positions in the second
        Tensor wE = w.get(Param.W_E).copy();
        Tensor wPos = w.get(Param.W_POS).copy();
        for (int i = 0; i < c.dModel(); i++) {
            for (int t = 0; t < c.dVocab(); t++) {
                wE.data()[t * c.dModel() + i] = i < half ? wE.data()[t * c.dModel() + i] : 0f;
            }
            for (int p = 0; p < c.nCtx(); p++) {
                wPos.data()[p * c.dModel() + i] = i >= half ? wPos.data()[p * c.dModel() + i] : 0f;
            }
        }
        Param read = blind == Hook.K ? Param.W_K : Param.W_V;
        Tensor blindWeights = w.get(read).copy();   // [head, d_model, d_head]: the token half's rows zeroed
        Arrays.fill(blindWeights.data(), 0, half * c.dHead(), 0f);
        w = w.with(Param.W_E, wE).with(Param.W_POS, wPos).with(read, blindWeights);

        int[][] heldOut = Fixtures.heldOut(c, 40, 8);
        PatchingResult r = new ActivationPatching(new ModelRunner(w, 97), SEED)
                .compute(Fixtures.examples(c, 8), heldOut);
        PatchingResult.KindMean k = r.byKind().get(Corruptions.KINDS.indexOf(Corruptions.LIST_VALUE));
        assertTrue(k.pairs() > 20, "pairs " + k.pairs());
        double blindRestored = blind == Hook.K ? k.keyRestored()[0] : k.valueRestored()[0];
        double otherRestored = blind == Hook.K ? k.valueRestored()[0] : k.keyRestored()[0];
        assertEquals(0.0, blindRestored, 1e-5, blind.tlName());
        assertEquals(1.0, otherRestored, 1e-3, "the other of k and v carries the whole change");
        assertEquals(0.0, k.queryRestored()[0], 1e-5, "the query token is unchanged");
    }

    /**
     * The held-out summary against a plain double-precision recomputation: the same corruptions (same seed stream),
     * each head's output at the query (and only its pattern) swapped in by hand, in {@link NaiveTransformer}.
     */
    @Test
    void theSummaryEqualsANaiveRecomputation() {
        int[][] heldOut = Fixtures.heldOut(C, 40, 6);
        PatchingResult r = new ActivationPatching(new ModelRunner(W, 97), SEED)
                .compute(Fixtures.examples(C, 8), heldOut);
        Corruptions corruptions = new Corruptions(C);
        SplitMix64 rng = SplitMix64.derive(SEED, "held-out corruptions");
        NaiveTransformer naive = new NaiveTransformer(W);
        for (String kind : Corruptions.KINDS) {
            List<Corruptions.Corrupted> xs = new ArrayList<>();
            List<int[]> cleans = new ArrayList<>();
            for (int[] clean : heldOut) {
                corruptions.apply(kind, clean, rng).ifPresent(x -> {
                    xs.add(x);
                    cleans.add(clean);
                });
            }
            double[][][] cleanLogits = new double[xs.size()][C.nCtx()][C.dVocab()];
            double[][][] badLogits = new double[xs.size()][C.nCtx()][C.dVocab()];
            Map<Hook, double[]> clean = naive.run(cleans.toArray(int[][]::new), cleanLogits);
            Map<Hook, double[]> bad = naive.run(xs.stream().map(Corruptions.Corrupted::tokens).toArray(int[][]::new),
                    badLogits);
            double[] zSum = new double[C.nHeads()];
            double[] patternSum = new double[C.nHeads()];
            double[][] qkvSum = new double[3][C.nHeads()];
            double cleanSum = 0;
            int follows = 0;
            int pairs = 0;
            for (int b = 0; b < xs.size(); b++) {
                Corruptions.Corrupted x = xs.get(b);
                int q = SequenceLayout.of(C).predictorOf(0) + x.readOutput();
                double cleanDiff = cleanLogits[b][q][x.cleanAnswer()] - cleanLogits[b][q][x.corruptedAnswer()];
                double badDiff = badLogits[b][q][x.cleanAnswer()] - badLogits[b][q][x.corruptedAnswer()];
                double scale = Math.max(Arrays.stream(cleanLogits[b][q]).map(Math::abs).max().orElseThrow(),
                        Arrays.stream(badLogits[b][q]).map(Math::abs).max().orElseThrow());
                if (Math.abs(cleanDiff - badDiff) < ActivationPatching.MIN_DENOMINATOR * scale) {
                    continue;
                }
                pairs++;
                cleanSum += cleanDiff;
                follows += argmax(badLogits[b][q]) == x.corruptedAnswer() ? 1 : 0;
                for (int h = 0; h < C.nHeads(); h++) {
                    double[] badResult = result(bad.get(Hook.RESULT), b, q, h);
                    double[] cleanResult = result(clean.get(Hook.RESULT), b, q, h);
                    double[] patternResult = cleanPatternBadValues(clean.get(Hook.PATTERN), bad.get(Hook.V), b, q, h);
                    zSum[h] += (unembedDiff(cleanResult, x) - unembedDiff(badResult, x)) / (cleanDiff - badDiff);
                    patternSum[h] += (unembedDiff(patternResult, x) - unembedDiff(badResult, x))
                            / (cleanDiff - badDiff);
                    Hook[] qkv = {Hook.K, Hook.V, Hook.Q};
                    for (int i = 0; i < 3; i++) {
                        int at = qkv[i] == Hook.Q ? q : x.changedPosition();
                        double[] swapped = headOutput(bad, clean, qkv[i], at, b, q, h);
                        qkvSum[i][h] += (unembedDiff(swapped, x) - unembedDiff(badResult, x)) / (cleanDiff - badDiff);
                    }
                }
            }
            PatchingResult.KindMean k = r.byKind().get(Corruptions.KINDS.indexOf(kind));
            assertEquals(pairs, k.pairs(), kind);
            assertTrue(pairs > 20, kind + " pairs " + pairs);
            assertEquals(follows / (double) pairs, k.followsCorrupted(), 1e-9, kind);
            assertEquals(cleanSum / pairs, k.meanCleanDiff(), 1e-4 * Math.max(1, Math.abs(cleanSum / pairs)), kind);
            for (int h = 0; h < C.nHeads(); h++) {
                int zi = r.targets().indexOf("L0H" + h + " hook_z");
                int pi = r.targets().indexOf("L0H" + h + " hook_pattern");
                assertEquals(zSum[h] / pairs, k.normalised()[zi][ActivationPatching.ROLE_QUERY], 2e-4, kind);
                assertEquals(patternSum[h] / pairs, k.normalised()[pi][ActivationPatching.ROLE_QUERY], 2e-4, kind);
                assertEquals(qkvSum[0][h] / pairs, k.keyRestored()[h], 2e-4, kind + " hook_k");
                assertEquals(qkvSum[1][h] / pairs, k.valueRestored()[h], 2e-4, kind + " hook_v");
                assertEquals(qkvSum[2][h] / pairs, k.queryRestored()[h], 2e-4, kind + " hook_q");
            }
            if (kind.equals(Corruptions.PREVIOUS_OUTPUT)) {
                assertTrue(Arrays.stream(qkvSum[2]).anyMatch(v -> Math.abs(v) > 1e-3), "hook_q moves something");
            }
        }
    }

    /**
     * Head {@code h}'s output at query {@code q} of the corrupted run with {@code swapped} ({@code hook_q},
     * {@code hook_k} or {@code hook_v}) taken from the clean run at position {@code at}: attention recomputed by hand.
     */
    private static double[] headOutput(Map<Hook, double[]> bad, Map<Hook, double[]> clean, Hook swapped, int at,
                                       int b, int q, int h) {
        int t = C.nCtx();
        int dh = C.dHead();
        Map<Hook, double[]> use = new java.util.EnumMap<>(Hook.class);
        for (Hook hook : List.of(Hook.Q, Hook.K, Hook.V)) {
            double[] x = bad.get(hook).clone();
            if (hook == swapped) {
                int o = ((b * t + at) * C.nHeads() + h) * dh;
                System.arraycopy(clean.get(hook), o, x, o, dh);
            }
            use.put(hook, x);
        }
        double[] scores = new double[q + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k <= q; k++) {
            for (int i = 0; i < dh; i++) {
                scores[k] += use.get(Hook.Q)[((b * t + q) * C.nHeads() + h) * dh + i]
                        * use.get(Hook.K)[((b * t + k) * C.nHeads() + h) * dh + i];
            }
            scores[k] /= Math.sqrt(dh);
            max = Math.max(max, scores[k]);
        }
        double sum = 0;
        for (int k = 0; k <= q; k++) {
            scores[k] = Math.exp(scores[k] - max);
            sum += scores[k];
        }
        double[] z = new double[dh];
        for (int k = 0; k <= q; k++) {
            for (int i = 0; i < dh; i++) {
                z[i] += scores[k] / sum * use.get(Hook.V)[((b * t + k) * C.nHeads() + h) * dh + i];
            }
        }
        double[] out = new double[C.dModel()];
        for (int i = 0; i < dh; i++) {
            for (int j = 0; j < C.dModel(); j++) {
                out[j] += z[i] * W.get(Param.W_O).get(h, i, j);
            }
        }
        return out;
    }

    private static double[] result(double[] all, int b, int q, int h) {
        int d = C.dModel();
        int at = ((b * C.nCtx() + q) * C.nHeads() + h) * d;
        return Arrays.copyOfRange(all, at, at + d);
    }

    /** Head {@code h}'s output at query {@code q} with the clean run's pattern over the corrupted run's values. */
    private static double[] cleanPatternBadValues(double[] pattern, double[] v, int b, int q, int h) {
        int t = C.nCtx();
        int dh = C.dHead();
        double[] z = new double[dh];
        for (int k = 0; k < t; k++) {
            double p = pattern[((b * C.nHeads() + h) * t + q) * t + k];
            for (int i = 0; i < dh; i++) {
                z[i] += p * v[((b * t + k) * C.nHeads() + h) * dh + i];
            }
        }
        double[] out = new double[C.dModel()];
        for (int i = 0; i < dh; i++) {
            for (int j = 0; j < C.dModel(); j++) {
                out[j] += z[i] * W.get(Param.W_O).get(h, i, j);
            }
        }
        return out;
    }

    /** What a vector written to the residual stream adds to logit[clean answer] - logit[corrupted answer]. */
    private static double unembedDiff(double[] x, Corruptions.Corrupted c) {
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            s += x[j] * (W.get(Param.W_U).get(j, c.cleanAnswer()) - W.get(Param.W_U).get(j, c.corruptedAnswer()));
        }
        return s;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}
