package io.github.sortlens.analysis;

import io.github.sortlens.config.AnalysisConfig;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExampleSetBuilderTest {

    @Test
    void defaultConfigGivesAtLeastFiftyExamplesWithStableUniqueIds() {
        ModelConfig c = ModelConfig.SEED;
        int[][] heldOut = Fixtures.heldOut(c, 200, 1);
        ExampleSet a = new ExampleSetBuilder(c).build(123, AnalysisConfig.DEFAULT, heldOut, new int[] {5, 6, 7, 8, 9,
                10, 11, 12, 13, 14});
        ExampleSet b = new ExampleSetBuilder(c).build(123, AnalysisConfig.DEFAULT, heldOut, new int[] {5, 6, 7, 8, 9,
                10, 11, 12, 13, 14});
        assertTrue(a.size() >= 50, "only " + a.size() + " examples");
        assertEquals(a.size(), new HashSet<>(a.ids()).size());
        assertEquals(a.ids(), b.ids());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.examples().get(i).tokens(), b.examples().get(i).tokens());
        }
        assertTrue(a.ids().containsAll(List.of("all-equal", "already-sorted", "reverse-sorted", "many-duplicates",
                "large-gaps", "only-high", "only-low", "adjacent-runs", "random-00", "random-31", "worst-00",
                "worst-09")));
        assertArrayEquals(heldOut[5], byId(a).get("worst-00").tokens());
    }

    @Test
    void curatedCasesAreWhatTheirNamesSay() {
        for (ModelConfig c : List.of(ModelConfig.SEED, TestWeights.TINY)) {
            Map<String, Example> e = byId(Fixtures.examples(c, 2));
            SortingTask task = new SortingTask(c);
            int v = c.valueCount();
            assertEquals(1, distinct(task.values(e.get("all-equal").tokens())));
            int[] sorted = task.values(e.get("already-sorted").tokens());
            int[] ascending = sorted.clone();
            Arrays.sort(ascending);
            assertArrayEquals(ascending, sorted);
            int[] reverse = task.values(e.get("reverse-sorted").tokens());
            for (int i = 1; i < reverse.length; i++) {
                assertTrue(reverse[i - 1] >= reverse[i]);
            }
            assertTrue(distinct(task.values(e.get("many-duplicates").tokens())) <= 3);
            assertTrue(Arrays.stream(task.values(e.get("only-high").tokens())).allMatch(x -> x >= v - Math.max(2, v / 6)));
            assertTrue(Arrays.stream(task.values(e.get("only-low").tokens())).allMatch(x -> x < Math.max(2, v / 6)));
            int[] runs = task.values(e.get("adjacent-runs").tokens());
            int min = Arrays.stream(runs).min().orElseThrow();
            assertTrue(Arrays.stream(runs).allMatch(x -> x - min <= 2));
            for (Example x : e.values()) {
                assertArrayEquals(task.sequence(task.values(x.tokens())), x.tokens(), x.id());
            }
        }
    }

    private static long distinct(int[] values) {
        return Arrays.stream(values).distinct().count();
    }

    private static Map<String, Example> byId(ExampleSet set) {
        return set.examples().stream().collect(Collectors.toMap(Example::id, Function.identity()));
    }
}
