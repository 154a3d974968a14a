package io.github.sortlens.data;

import io.github.sortlens.config.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SortingTaskTest {

    private final SortingTask task = new SortingTask(ModelConfig.SEED);

    @Test
    void sequencesAreStartValuesStopSortedValues() {
        int[][] batch = task.randomSequences(new SplitMix64(1), 50);
        for (int[] s : batch) {
            assertEquals(42, s.length);
            assertEquals(30, s[0]);
            assertEquals(31, s[21]);
            int[] values = Arrays.copyOfRange(s, 1, 21);
            int[] sorted = values.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, Arrays.copyOfRange(s, 22, 42));
            for (int v : values) {
                assertTrue(v >= 0 && v < 30);
            }
        }
    }

    @Test
    void valuesAreUniformOverTheValueRange() {
        int[] counts = new int[30];
        for (int[] s : task.randomSequences(new SplitMix64(2), 3000)) {
            for (int i = 1; i <= 20; i++) {
                counts[s[i]]++;
            }
        }
        for (int c : counts) { // expected 2000 each; 5 sigma is about 220
            assertTrue(Math.abs(c - 2000) < 250, Arrays.toString(counts));
        }
    }

    @Test
    void theSameSeedGivesTheSameSequencesAndStreamsDiffer() {
        assertArrayEquals(task.randomSequences(SplitMix64.derive(123, "a"), 3),
                task.randomSequences(SplitMix64.derive(123, "a"), 3));
        assertNotEquals(Arrays.deepToString(task.randomSequences(SplitMix64.derive(123, "a"), 3)),
                Arrays.deepToString(task.randomSequences(SplitMix64.derive(123, "b"), 3)));
    }
}
