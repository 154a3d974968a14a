package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorruptionsTest {

    private static final ModelConfig C = TestWeights.TINY;
    private static final SortingTask TASK = new SortingTask(C);

    @Test
    void changeOneAltersExactlyOneValueAndTheAnswers() {
        SplitMix64 rng = new SplitMix64(1);
        for (int trial = 0; trial < 50; trial++) {
            int[] clean = TASK.randomSequences(rng, 1)[0];
            int[] bad = new Corruptions(C).apply(Corruptions.CHANGE_ONE, clean, rng).orElseThrow().tokens();
            int changed = 0;
            for (int i = 1; i <= C.listLength(); i++) {
                changed += clean[i] != bad[i] ? 1 : 0;
            }
            assertEquals(1, changed);
            assertFalse(Arrays.equals(sortedValues(clean), sortedValues(bad)));
        }
    }

    @Test
    void duplicateOneCopiesAnExistingValueAndIsImpossibleWhenAllAreEqual() {
        SplitMix64 rng = new SplitMix64(2);
        int[] clean = TASK.sequence(1, 4, 4, 8, 0);
        int[] bad = new Corruptions(C).apply(Corruptions.DUPLICATE_ONE, clean, rng).orElseThrow().tokens();
        int changedAt = -1;
        for (int i = 1; i <= C.listLength(); i++) {
            if (clean[i] != bad[i]) {
                assertEquals(-1, changedAt, "more than one value changed");
                changedAt = i;
            }
        }
        assertTrue(changedAt > 0, "nothing changed");
        int copied = bad[changedAt];
        int at = changedAt;
        assertTrue(java.util.stream.IntStream.rangeClosed(1, C.listLength()).anyMatch(i -> i != at && clean[i] == copied));
        assertFalse(Arrays.equals(sortedValues(clean), sortedValues(bad)));
        assertTrue(new Corruptions(C).apply(Corruptions.DUPLICATE_ONE, TASK.sequence(3, 3, 3, 3, 3), rng).isEmpty());
    }

    private static int[] sortedValues(int[] tokens) {
        int[] v = TASK.values(tokens);
        Arrays.sort(v);
        return v;
    }
}
