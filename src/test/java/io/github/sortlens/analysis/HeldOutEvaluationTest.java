package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.model.SequenceScores;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import io.github.sortlens.data.SplitMix64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void wrongOutputsOutsideTheListAreCountedAndGapZeroIsItsOwnGroup() {
        SortingTask task = new SortingTask(C);
        int[][] tokens = {task.sequence(1, 2, 3, 4, 5), task.sequence(2, 2, 2, 9, 0), task.sequence(5, 5, 1, 1, 3)};
        int[][] predicted = answers(tokens);
        predicted[0][3] = C.startToken();   // answer 4 (gap 1): START
        predicted[1][4] = 0;                // answer 9 (gap 7): 0 is in the list
        predicted[2][2] = 7;                // answer 3 (gap 2): 7 is not
        predicted[2][1] = C.stopToken();    // answer 1 (gap 0, a repeat): STOP
        EvaluationResult r = evaluate(tokens, predicted);

        assertEquals(4, r.wrongOutputs());
        assertEquals(3.0 / 4, r.wrongNotInList(), 1e-12);
        assertEquals(2.0 / 4, r.wrongStartOrStop(), 1e-12);
        EvaluationResult.Group repeat = r.byGap().get(0);
        assertEquals(0, repeat.key());
        assertEquals(4, repeat.tokens(), "gap 0: sequence 1's 2,2,2 and the repeats 1,1 and 5,5 of sequence 2");
        assertEquals(1, repeat.errors());
        assertEquals(1, repeat.errorsNotInList());
        assertEquals(1, repeat.errorsStartOrStop());
    }

    /** Random lists and random mistakes, every new figure recounted by hand. */
    @Test
    void theFailureFiguresEqualANaiveRecount() {
        SortingTask task = new SortingTask(C);
        SplitMix64 rng = new SplitMix64(11);
        int size = 300;
        int n = C.listLength();
        int[][] tokens = new int[size][];
        for (int s = 0; s < size; s++) {
            int[] values = new int[n];
            for (int i = 0; i < n; i++) {
                values[i] = rng.nextInt(C.valueCount());
            }
            tokens[s] = task.sequence(values);
        }
        int[][] predicted = answers(tokens);
        int[] dups = new int[size];
        for (int s = 0; s < size; s++) {
            dups[s] = n - (int) Arrays.stream(task.values(tokens[s])).distinct().count();
            for (int i = 0; i < n; i++) {
                // lists with many repeats get more mistakes, so the crude and standardised ratios are not trivial
                if (rng.nextInt(100) < 8 + 6 * dups[s]) {
                    predicted[s][i] = rng.nextInt(C.dVocab());
                }
            }
        }
        EvaluationResult r = evaluate(tokens, predicted);

        int[] sortedDups = dups.clone();
        Arrays.sort(sortedDups);
        int median = sortedDups[(size - 1) / 2];
        long wrong = 0;
        long outside = 0;
        long special = 0;
        long[][] byGap = new long[C.valueCount()][4];   // many tokens, many errors, few tokens, few errors
        for (int s = 0; s < size; s++) {
            List<Integer> values = Arrays.stream(task.values(tokens[s])).boxed().toList();
            int[] sorted = task.values(tokens[s]).clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) {
                boolean bad = predicted[s][i] != sorted[i];
                wrong += bad ? 1 : 0;
                outside += bad && !values.contains(predicted[s][i]) ? 1 : 0;
                special += bad && predicted[s][i] >= C.valueCount() ? 1 : 0;
                if (i > 0) {
                    int col = dups[s] > median ? 0 : 2;
                    byGap[sorted[i] - sorted[i - 1]][col]++;
                    byGap[sorted[i] - sorted[i - 1]][col + 1] += bad ? 1 : 0;
                }
            }
        }
        assertTrue(wrong > 100 && outside > 10 && special > 5, wrong + " " + outside + " " + special);
        assertEquals(wrong, r.wrongOutputs());
        assertEquals((double) outside / wrong, r.wrongNotInList(), 1e-12);
        assertEquals((double) special / wrong, r.wrongStartOrStop(), 1e-12);
        EvaluationResult.DuplicatesByGap d = r.duplicatesByGap();
        assertEquals(median, d.medianDuplicates());
        double observed = 0;
        double expected = 0;
        double[] crude = new double[4];
        int strata = 0;
        for (int gap = 0; gap < C.valueCount(); gap++) {
            long[] x = byGap[gap];
            if (x[0] + x[2] == 0) {
                continue;
            }
            EvaluationResult.Stratum st = d.strata().get(strata++);
            assertEquals(gap, st.gap());
            assertArrayEquals(x, new long[] {st.manyTokens(), st.manyErrors(), st.fewTokens(), st.fewErrors()});
            if (x[2] > 0) {
                observed += x[1];
                expected += x[0] * (double) x[3] / x[2];
                for (int k = 0; k < 4; k++) {
                    crude[k] += x[k];
                }
            }
        }
        assertEquals(strata, d.strata().size());
        assertEquals((long) observed, d.manyErrors());
        assertEquals(expected, d.manyExpectedErrors(), 1e-9);
        assertEquals(observed / expected, d.standardisedRatio(), 1e-9);
        assertEquals((crude[1] / crude[0]) / (crude[3] / crude[2]), d.crudeRatio(), 1e-9);
        assertTrue(d.standardisedRatio() > 1.2, "more mistakes were made in lists with more repeats: "
                + d.standardisedRatio());
        long gapErrors = r.byGap().stream().mapToLong(EvaluationResult.Group::errors).sum();
        assertEquals(Arrays.stream(byGap).mapToLong(x -> x[1] + x[3]).sum(), gapErrors);
    }

    @Test
    void noMistakeLeavesTheRatiosUndefined() {
        SortingTask task = new SortingTask(C);
        int[][] tokens = {task.sequence(1, 2, 3, 4, 5), task.sequence(2, 2, 2, 9, 0), task.sequence(5, 5, 1, 1, 3)};
        EvaluationResult r = evaluate(tokens, answers(tokens));
        assertEquals(0, r.wrongOutputs());
        assertEquals(0.0, r.wrongNotInList());
        assertNull(r.duplicatesByGap().standardisedRatio());
        assertNull(r.duplicatesByGap().crudeRatio());
        assertNotNull(r.duplicatesByGap().strata());
    }

    private static int[][] answers(int[][] tokens) {
        int[][] predicted = new int[tokens.length][C.listLength()];
        for (int s = 0; s < tokens.length; s++) {
            for (int i = 0; i < C.listLength(); i++) {
                predicted[s][i] = tokens[s][C.listLength() + 2 + i];
            }
        }
        return predicted;
    }

    private static EvaluationResult evaluate(int[][] tokens, int[][] predicted) {
        double[][] logProb = new double[tokens.length][C.listLength()];
        return new HeldOutEvaluation(C).evaluate(new SequenceScores(SequenceLayout.of(C), tokens, logProb,
                predicted), 2);
    }
}
