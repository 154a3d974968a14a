package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.testing.NaiveTransformer;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SortingTransformerTest {

    private static final double TOL = 1e-4;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void forwardPassEqualsNaiveImplementationOnEveryHook(int heads) {
        ModelConfig c = new ModelConfig(16, 8, heads, 1, 14, 10);
        Weights w = TestWeights.random(c, 7 + heads, 0.3);
        int[][] tokens = new SortingTask(c).randomSequences(new SplitMix64(3), 5);

        ActivationCache cache = new SortingTransformer(w).runWithCache(tokens);
        double[][][] naiveLogits = new double[5][c.nCtx()][c.dVocab()];
        Map<Hook, double[]> naive = new NaiveTransformer(w).run(tokens, naiveLogits);

        for (Hook h : Hook.values()) {
            Tensor got = cache.get(h);
            assertArrayEquals(h.shape(c, 5), got.shape(), h.tlName());
            double[] want = naive.get(h);
            double max = 0;
            for (int i = 0; i < want.length; i++) {
                max = Math.max(max, Math.abs(want[i] - got.data()[i]));
            }
            assertTrue(max < TOL, h.tlName() + " differs by " + max);
        }
        double max = 0;
        for (int b = 0; b < 5; b++) {
            for (int p = 0; p < c.nCtx(); p++) {
                for (int j = 0; j < c.dVocab(); j++) {
                    max = Math.max(max, Math.abs(naiveLogits[b][p][j] - cache.logits().get(b, p, j)));
                }
            }
        }
        assertTrue(max < TOL, "logits differ by " + max);
    }

    @Test
    void everyHookHasItsTransformerLensShapeAndTheAttentionIsCausal() {
        ModelConfig c = ModelConfig.SEED;
        Weights w = TestWeights.random(c, 1, 0.2);
        int[][] tokens = new SortingTask(c).randomSequences(new SplitMix64(9), 3);
        ActivationCache cache = new SortingTransformer(w).runWithCache(tokens);

        assertArrayEquals(new int[] {3, 42, 32}, cache.get(Hook.EMBED).shape());
        assertArrayEquals(new int[] {3, 42, 1, 32}, cache.get(Hook.Q).shape());
        assertArrayEquals(new int[] {3, 1, 42, 42}, cache.get(Hook.PATTERN).shape());
        assertArrayEquals(new int[] {3, 42, 1, 32}, cache.get(Hook.RESULT).shape());
        assertArrayEquals(new int[] {3, 42, 32}, cache.logits().shape());

        Tensor pattern = cache.get(Hook.PATTERN);
        for (int b = 0; b < 3; b++) {
            for (int q = 0; q < 42; q++) {
                double sum = 0;
                for (int k = 0; k < 42; k++) {
                    float a = pattern.get(b, 0, q, k);
                    if (k > q) {
                        assertEquals(0f, a, "attention to a future position " + k + " from " + q);
                    }
                    sum += a;
                }
                assertEquals(1.0, sum, 1e-5);
            }
        }
        Tensor embed = cache.get(Hook.EMBED);
        Tensor pos = cache.get(Hook.POS_EMBED);
        Tensor attnOut = cache.get(Hook.ATTN_OUT);
        Tensor post = cache.get(Hook.RESID_POST);
        for (int i = 0; i < post.size(); i++) {
            assertEquals(embed.data()[i] + pos.data()[i] + attnOut.data()[i], post.data()[i], 1e-5);
        }
    }

    @Test
    void anAllZeroMaskInterventionIsExactlyTheIdentity() {
        ModelConfig c = TestWeights.TINY_2_HEADS;
        Weights w = TestWeights.random(c, 5, 0.4);
        int[][] tokens = new SortingTask(c).randomSequences(new SplitMix64(2), 4);
        SortingTransformer model = new SortingTransformer(w);
        ActivationCache clean = model.runWithCache(tokens);
        for (Hook h : Hook.values()) {
            Tensor junk = Tensor.zeros(h.shape(c, 4));
            Arrays.fill(junk.data(), 123f);
            Intervention none = Intervention.replace(h, junk, Tensor.zeros(h.shape(c, 4)));
            ActivationCache patched = model.run(tokens, List.of(Hook.values()), List.of(none));
            assertEquals(clean.logits(), patched.logits(), h.tlName());
        }
    }

    @Test
    void replacingAHookWithItsOwnValueFromAnotherRunTransplantsIt() {
        ModelConfig c = TestWeights.TINY;
        Weights w = TestWeights.random(c, 5, 0.4);
        SortingTask task = new SortingTask(c);
        int[][] a = task.randomSequences(new SplitMix64(2), 3);
        int[][] b = task.randomSequences(new SplitMix64(4), 3);
        SortingTransformer model = new SortingTransformer(w);
        ActivationCache cacheA = model.runWithCache(a);
        ActivationCache cacheB = model.runWithCache(b);
        Tensor ones = Tensor.zeros(Hook.RESID_PRE.shape(c, 3));
        Arrays.fill(ones.data(), 1f);
        ActivationCache patched = model.run(a, List.of(),
                List.of(Intervention.replace(Hook.RESID_PRE, cacheB.get(Hook.RESID_PRE), ones)));
        assertTrue(patched.logits().maxAbsDiff(cacheB.logits()) < 1e-5);
        assertTrue(patched.logits().maxAbsDiff(cacheA.logits()) > 1e-3);
    }
}
