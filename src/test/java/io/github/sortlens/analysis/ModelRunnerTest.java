package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.SequenceScores;
import io.github.sortlens.model.SortingTransformer;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelRunnerTest {

    @Test
    void chunkedRunsEqualOneWholeRun() {
        ModelConfig c = TestWeights.TINY_2_HEADS;
        Weights w = TestWeights.random(c, 61, 0.5);
        int[][] tokens = Fixtures.heldOut(c, 23, 4);
        ActivationCache whole = new SortingTransformer(w).run(tokens, List.of(Hook.PATTERN, Hook.RESULT));
        ActivationCache chunked = new ModelRunner(w, 5).run(tokens, List.of(Hook.PATTERN, Hook.RESULT));
        assertEquals(0.0, whole.logits().maxAbsDiff(chunked.logits()), 1e-6);
        assertEquals(0.0, whole.get(Hook.PATTERN).maxAbsDiff(chunked.get(Hook.PATTERN)), 1e-6);
        assertEquals(0.0, whole.get(Hook.RESULT).maxAbsDiff(chunked.get(Hook.RESULT)), 1e-6);

        SequenceScores scores = new ModelRunner(w, 7).score(tokens, ModelRunner.ChunkInterventions.NONE);
        double lossSum = 0;
        int right = 0;
        int n = c.listLength();
        for (int s = 0; s < tokens.length; s++) {
            for (int pos = n + 1; pos <= 2 * n; pos++) {   // naive: the logits at n+1 .. 2n predict the next token
                int target = tokens[s][pos + 1];
                double logSumExp = 0;
                int best = 0;
                for (int v = 0; v < c.dVocab(); v++) {
                    logSumExp += Math.exp(whole.logits().get(s, pos, v));
                    best = whole.logits().get(s, pos, v) > whole.logits().get(s, pos, best) ? v : best;
                }
                lossSum += Math.log(logSumExp) - whole.logits().get(s, pos, target);
                right += best == target ? 1 : 0;
            }
        }
        assertEquals(lossSum / (tokens.length * n), scores.meanLoss(), 1e-5);
        assertEquals((double) right / (tokens.length * n), scores.accuracy(), 1e-12);
    }
}
