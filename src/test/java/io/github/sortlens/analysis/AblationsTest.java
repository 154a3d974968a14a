package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.SequenceScores;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.HandSetWeights;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AblationsTest {

    @Test
    void ablatingASilencedHeadChangesNothingAndALiveOneDoes() {
        ModelConfig c = TestWeights.TINY_2_HEADS;
        Weights w = HandSetWeights.silenceHead(TestWeights.random(c, 41, 0.8), 1);
        int[][] heldOut = Fixtures.heldOut(c, 150, 9);
        ModelRunner runner = new ModelRunner(w, 64);
        AblationResult r = new Ablations(runner, 1).compute(heldOut);

        assertEquals(3 * (2 + c.nHeads()), r.rows().size());
        SequenceScores clean = runner.score(heldOut, ModelRunner.ChunkInterventions.NONE);
        assertEquals(clean.meanLoss(), r.clean().loss(), 1e-12);
        for (AblationResult.Row row : r.rows()) {
            if (row.component().equals("L0H1")) {
                assertEquals(0.0, row.deltaLoss(), row.method());
                assertEquals(0.0, row.deltaAccuracy(), row.method());
            } else if (row.component().equals("L0H0") || row.component().equals("hook_embed")) {
                assertNotEquals(0.0, row.deltaLoss(), row.component() + " " + row.method());
            }
            double sum = 0;
            for (double d : row.deltaLossByPosition()) {
                sum += d;
            }
            assertEquals(row.deltaLoss(), sum / c.listLength(), 1e-9);
        }
    }

    @Test
    void zeroAblatingTheEmbeddingDestroysTheTokenInformation() {
        ModelConfig c = TestWeights.TINY;
        Weights w = TestWeights.random(c, 42, 0.8);
        AblationResult r = new Ablations(new ModelRunner(w, 100), 2).compute(Fixtures.heldOut(c, 120, 3));
        AblationResult.Row zeroEmbed = r.rows().get(0);
        assertEquals("hook_embed", zeroEmbed.component());
        assertEquals(Ablations.ZERO, zeroEmbed.method());
        assertTrue(zeroEmbed.ablated().loss() != r.clean().loss());
    }

    @Test
    void resamplingNeverTakesASequenceFromItself() {
        SplitMix64 rng = new SplitMix64(5);
        for (int n = 2; n < 40; n++) {
            int[] p = Ablations.permutation(n, rng, true);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                assertNotEquals(i, p[i]);
                seen.add(p[i]);
            }
            assertEquals(n, seen.size());
        }
    }

    /** 501 held-out sequences in chunks of 500 would leave a chunk of one, which has no other sequence to resample. */
    @Test
    void aHeldOutSizeLeavingOneSequenceOverStillResamples() {
        ModelConfig c = TestWeights.TINY;
        ModelRunner runner = new ModelRunner(TestWeights.random(c, 3, 0.5), 10);
        assertEquals(11, runner.chunkEnd(0, 11));
        assertEquals(10, runner.chunkEnd(0, 12));
        AblationResult r = new Ablations(runner, 2).compute(Fixtures.heldOut(c, 21, 4));
        assertEquals(21, r.sequences());
    }
}
