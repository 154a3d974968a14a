package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each corruption changes one input token and one sorted answer, and the read output sees a valid context. */
class CorruptionsTest {

    private static final ModelConfig C = TestWeights.TINY;
    private static final SortingTask TASK = new SortingTask(C);
    private static final int N = C.listLength();

    @Test
    void listValueChangesOneListTokenAndExactlyOneSortedSlot() {
        SplitMix64 rng = new SplitMix64(1);
        for (int trial = 0; trial < 200; trial++) {
            int[] clean = TASK.randomSequences(rng, 1)[0];
            Corruptions.Corrupted x = new Corruptions(C).apply(Corruptions.LIST_VALUE, clean, rng).orElseThrow();
            assertEquals(1, changedPositions(clean, x.tokens()));
            int at = x.changedPosition();
            assertTrue(at >= 1 && at <= N && clean[at] != x.tokens()[at], "changed at " + at);
            int[] before = sorted(TASK.values(clean));
            int[] after = sorted(TASK.values(x.tokens()));
            int[] slots = IntStream.range(0, N).filter(i -> before[i] != after[i]).toArray();
            assertArrayEquals(new int[] {x.readOutput()}, slots);
            assertEquals(before[x.readOutput()], x.cleanAnswer());
            assertEquals(after[x.readOutput()], x.corruptedAnswer());
            // everything the read output's query sees is the valid sequence of the corrupted list
            int query = SequenceLayout.of(C).predictorOf(0) + x.readOutput();
            int[] valid = TASK.sequence(TASK.values(x.tokens()));
            assertArrayEquals(Arrays.copyOf(valid, query + 1), Arrays.copyOf(x.tokens(), query + 1));
            assertEquals(x.corruptedAnswer(), valid[query + 1]);
        }
    }

    @Test
    void previousOutputChangesOnlyTheTokenAtTheQuery() {
        SplitMix64 rng = new SplitMix64(2);
        int formed = 0;
        for (int trial = 0; trial < 200; trial++) {
            int[] clean = TASK.randomSequences(rng, 1)[0];
            var maybe = new Corruptions(C).apply(Corruptions.PREVIOUS_OUTPUT, clean, rng);
            if (maybe.isEmpty()) {
                continue;
            }
            formed++;
            Corruptions.Corrupted x = maybe.get();
            assertEquals(1, changedPositions(clean, x.tokens()));
            assertTrue(x.readOutput() >= 1);
            assertEquals(SequenceLayout.of(C).predictorOf(0) + x.readOutput(), x.changedPosition(), "the query is changed");
            int previous = x.tokens()[x.changedPosition()];
            int[] values = TASK.values(clean);
            assertEquals(1, Arrays.stream(values).filter(v -> v == previous).count(), "occurs once in the list");
            int next = Arrays.stream(values).filter(v -> v > previous).min().orElseThrow();
            assertEquals(next, x.corruptedAnswer());
            assertEquals(clean[x.changedPosition() + 1], x.cleanAnswer());
            assertNotEquals(x.cleanAnswer(), x.corruptedAnswer());
        }
        assertTrue(formed > 150, "formed " + formed);
    }

    @Test
    void aListWithoutADistinctValueHasNoPreviousOutputCorruption() {
        SplitMix64 rng = new SplitMix64(3);
        int[] allEqual = TASK.sequence(3, 3, 3, 3, 3);
        assertTrue(new Corruptions(C).apply(Corruptions.PREVIOUS_OUTPUT, allEqual, rng).isEmpty());
        assertTrue(new Corruptions(C).apply(Corruptions.LIST_VALUE, allEqual, rng).isPresent());
    }

    @Test
    void theSameSeedGivesTheSameCorruptions() {
        int[] clean = TASK.sequence(1, 4, 4, 8, 0);
        for (String kind : Corruptions.KINDS) {
            int[] a = new Corruptions(C).apply(kind, clean, new SplitMix64(7)).orElseThrow().tokens();
            int[] b = new Corruptions(C).apply(kind, clean, new SplitMix64(7)).orElseThrow().tokens();
            assertArrayEquals(a, b, kind);
        }
    }

    private static int changedPositions(int[] a, int[] b) {
        return (int) IntStream.range(0, a.length).filter(i -> a[i] != b[i]).count();
    }

    private static int[] sorted(int[] v) {
        int[] out = v.clone();
        Arrays.sort(out);
        return out;
    }
}
