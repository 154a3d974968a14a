package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.HandSetWeights;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBaselinesTest {

    private static final long SEED = 7;

    /**
     * A copier that also scores a band: one-hot embeddings, identity OV, and a QK token block whose query {@code a}
     * prefers the key equal to it, then the ones just above, falling off with distance, and dislikes keys below it.
     */
    private static Weights bandCopier(ModelConfig c) {
        Weights w = HandSetWeights.identityOv(c, 5);
        int d = c.dModel();
        Tensor wK = Tensor.zeros(1, d, d);   // score[a][b] = W_K[b][a] / sqrt(d_head) for one-hot tokens, W_Q = I
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double s = b >= a ? 8 - 2.0 * (b - a) : -12;
                wK.data()[b * d + a] = (float) (s * Math.sqrt(c.dHead()));
            }
        }
        return w.with(Param.W_Q, HandSetWeights.identity(d).reshape(1, d, d)).with(Param.W_K, wK);
    }

    @Test
    void theUntrainedModelIsNearChanceAndTheHandSetCopierIsNot() {
        ModelConfig c = ModelConfig.SEED;
        Weights untrained = Weights.init(c, SplitMix64.derive(123, "init"));
        int[][] heldOut = Fixtures.heldOut(c, 200, 3);
        BaselineResult r = new CircuitBaselines(c).compute(untrained, untrained, "test", heldOut, SEED);
        BaselineResult.Statistics u = r.heads().get(0).untrained();
        assertEquals(r.heads().get(0).trained(), u, "the same weights give the same statistics");
        // chance: a random OV circuit neither copies nor suppresses; random scores order key pairs at random
        assertTrue(Math.abs(u.copyingScore()) < 0.3, "copying " + u.copyingScore());
        assertTrue(u.ovDiagonalFraction() < 0.25, "diagonal " + u.ovDiagonalFraction());
        assertTrue(Math.abs(u.aboveOverBelow() - 0.5) < 0.15, "above over below " + u.aboveOverBelow());
        assertTrue(Math.abs(u.smallerFirst() - 0.5) < 0.15, "smaller first " + u.smallerFirst());
        assertTrue(u.topKeyHoldsAnswer() < 0.3, "top key holds the answer " + u.topKeyHoldsAnswer());

        ModelConfig wide = HandSetWeights.WIDE;
        Weights copier = bandCopier(wide);
        BaselineResult.Statistics t = new CircuitBaselines(wide).compute(copier, copier, "test",
                Fixtures.heldOut(wide, 50, 3), SEED).heads().get(0).trained();
        // the same bounds fail on a model that has the mechanism, so they can tell the two apart
        assertTrue(t.copyingScore() > 0.9, "copying " + t.copyingScore());
        assertEquals(1.0, t.ovDiagonalFraction(), 1e-12);
        assertEquals(1.0, t.aboveOverBelow(), 1e-12);
        assertEquals(1.0, t.smallerFirst(), 1e-12);
    }

    @Test
    void thePermutationNullBreaksTheHandSetCopierButKeepsTheBandWidth() {
        ModelConfig c = HandSetWeights.WIDE;
        Weights copier = bandCopier(c);
        BaselineResult r = new CircuitBaselines(c).compute(copier, copier, "test", Fixtures.heldOut(c, 50, 3), SEED);
        BaselineResult.Statistics trained = r.heads().get(0).trained();
        BaselineResult.Statistics permuted = r.heads().get(0).permuted();
        int[] perm = r.permutation();
        int[] sorted = perm.clone();
        Arrays.sort(sorted);
        int values = c.valueCount();
        assertArrayEquals(java.util.stream.IntStream.range(0, values).toArray(), sorted, "a permutation");
        long fixed = java.util.stream.IntStream.range(0, values).filter(t -> perm[t] == t).count();
        assertTrue(fixed < values / 2, "the permutation moves most rows: " + Arrays.toString(perm));
        // a permuted copier peaks off the diagonal wherever the permutation moved a row
        assertEquals((double) fixed / values, permuted.ovDiagonalFraction(), 1e-12);
        assertTrue(permuted.copyingScore() < trained.copyingScore() - 0.3, "copying " + permuted.copyingScore());
        assertTrue(permuted.aboveOverBelow() < trained.aboveOverBelow() - 0.2, "above " + permuted.aboveOverBelow());
        // rows keep their scores, so their bands keep their width
        assertEquals(trained.meanBandSize(), permuted.meanBandSize(), 1e-12);
        assertEquals(0.0, permuted.topKeyHoldsAnswer());
    }
}
