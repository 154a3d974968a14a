package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.model.SequenceScores;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HeldOutEvaluationTest {

    private static final ModelConfig C = TestWeights.TINY;

    @Test
    void handMadeScoresGiveKnownFigures() {
        SortingTask task = new SortingTask(C);
        int[][] tokens = {task.sequence(1, 2, 3, 4, 5), task.sequence(2, 2, 2, 9, 0), task.sequence(5, 5, 1, 1, 3)};
        double[][] prob = {{1, 1, 1, 1, 1}, {0.5, 0.5, 0.5, 0.5, 0.25}, {1, 1, 0.125, 1, 1}};
        int[][] predicted = new int[3][5];
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 5; i++) {
                predicted[s][i] = tokens[s][C.listLength() + 2 + i];
            }
        }
        predicted[1][4] = 0;   // answer 9: wrong
        predicted[2][2] = 0;   // answer 3: wrong
        double[][] logProb = new double[3][5];
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 5; i++) {
                logProb[s][i] = Math.log(prob[s][i]);
            }
        }
        EvaluationResult r = new HeldOutEvaluation(C).evaluate(new SequenceScores(SequenceLayout.of(C), tokens, logProb, predicted), 2);

        assertEquals(3, r.sequences());
        assertEquals(13.0 / 15, r.tokenAccuracy(), 1e-12);
        assertEquals(1.0 / 3, r.fractionFullySorted(), 1e-12);
        assertEquals(0.125, r.correctProbMin(), 1e-12);
        assertEquals(1.0, r.correctProbMedian(), 1e-12);   // 15 values, 8th smallest is 1
        assertEquals((5 + 2.25 + 4.125) / 15, r.correctProbMean(), 1e-12);
        assertArrayEquals(new double[] {1, 1, 2.0 / 3, 1, 2.0 / 3}, r.accuracyByPosition(), 1e-12);
        // duplicates: 0, 2, 2
        assertEquals(2, r.byDuplicates().size());
        assertEquals(0, r.byDuplicates().get(0).key());
        assertEquals(1.0, r.byDuplicates().get(0).accuracy());
        assertEquals(2, r.byDuplicates().get(1).key());
        assertEquals(2, r.byDuplicates().get(1).sequences());
        assertEquals(8.0 / 10, r.byDuplicates().get(1).accuracy(), 1e-12);
        // worst: sequence 2 (0.125) then sequence 1 (0.25)
        assertArrayEquals(new int[] {2, 1}, r.worstIndices());
        assertEquals(2, r.worst().get(0).worstSortedIndex());
        assertEquals(1, r.worst().get(0).errors());
        // gap 7 (2 -> 9) appears once, in sequence 1, where output 4 was wrong
        EvaluationResult.Group gap7 = r.byGap().stream().filter(g -> g.key() == 7).findFirst().orElseThrow();
        assertEquals(1, gap7.tokens());
        assertEquals(0.0, gap7.accuracy());
        long gapTokens = r.byGap().stream().mapToLong(EvaluationResult.Group::tokens).sum();
        assertEquals(3 * (C.listLength() - 1), gapTokens);
    }
}
