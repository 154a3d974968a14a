package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Scoring;
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
        Scoring.LossAndAccuracy reference = new Scoring(c).score(tokens, whole.logits());
        assertEquals(reference.loss(), scores.meanLoss(), 1e-5);
        assertEquals(reference.accuracy(), scores.accuracy(), 1e-12);
    }
}
