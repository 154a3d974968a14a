package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttentionPatternsTest {

    @Test
    void duplicatesMapInInputOrder() {
        ModelConfig c = TestWeights.TINY;
        int[] tokens = new SortingTask(c).sequence(4, 2, 4, 1, 2);
        // sorted: 1 (pos 4), 2 (pos 2), 2 (pos 5), 4 (pos 1), 4 (pos 3)
        assertArrayEquals(new int[] {4, 2, 5, 1, 3}, ExpectedSources.of(c, tokens));
    }

    @Test
    void modelRowsSumToOneAndFractionsAreProbabilities() {
        ModelConfig c = TestWeights.TINY_2_HEADS;
        Weights w = TestWeights.random(c, 31, 0.8);
        ExampleSet examples = Fixtures.examples(c, 3);
        Tensor pattern = new ModelRunner(w).run(examples.tokens(), List.of(Hook.PATTERN)).get(Hook.PATTERN);
        AttentionResult r = AttentionPatterns.compute(c, examples, pattern);
        assertTrue(r.maxRowSumError() < 1e-5, "rows off by " + r.maxRowSumError());
        for (int b = 0; b < examples.size(); b++) {
            for (int h = 0; h < 2; h++) {
                for (int i = 0; i < c.listLength(); i++) {
                    double on = r.onExpected()[b][h][i];
                    assertTrue(on >= 0 && on <= r.onSameValue()[b][h][i] + 1e-12 && r.onSameValue()[b][h][i] <= 1 + 1e-6);
                }
            }
        }
    }

    @Test
    void aPatternOnTheExpectedSourceScoresOne() {
        ModelConfig c = TestWeights.TINY;
        ExampleSet examples = Fixtures.examples(c, 4);
        int t = c.nCtx();
        Tensor pattern = Tensor.zeros(examples.size(), 1, t, t);
        int[][] tokens = examples.tokens();
        for (int b = 0; b < examples.size(); b++) {
            int[] expected = ExpectedSources.of(c, tokens[b]);
            for (int q = 0; q < t; q++) {
                int k = q >= SequenceLayout.of(c).predictorOf(0) && q < t - 1 ? expected[q - SequenceLayout.of(c).predictorOf(0)] : 0;
                pattern.data()[pattern.offset(b, 0, q, k)] = 1f;
            }
        }
        AttentionResult r = AttentionPatterns.compute(c, examples, pattern);
        assertEquals(0.0, r.maxRowSumError());
        for (int i = 0; i < c.listLength(); i++) {
            assertEquals(1.0, r.meanOnExpected()[0][i], 1e-12);
            assertEquals(1.0, r.meanOnSameValue()[0][i], 1e-12);
        }
        assertArrayEquals(ExpectedSources.of(c, tokens[0]), r.expectedSource()[0]);
    }
}
