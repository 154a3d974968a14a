package io.github.sortlens.config;

import io.github.sortlens.train.SweepPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep spec: axes from the file and the command line, every combination resolved, bad specs refused whole. */
class SweepSpecTest {

    private static Map<String, String> args(String... kv) {
        return io.github.sortlens.testing.SweepFixture.ordered(kv);
    }

    private static String refused(Path file, String... kv) {
        return assertThrows(ConfigException.class, () -> SweepSpec.resolve(file, args(kv))).getMessage();
    }

    @Test
    void combinationsInAxisOrderFirstAxisSlowest() {
        SweepSpec s = SweepSpec.resolve(null, args("sweep.model.n_heads", "1,2", "sweep.train.seed", "3..5",
                "train.steps", "40"));
        assertEquals(6, s.runs().size());
        assertEquals(List.of(1, 1, 1, 2, 2, 2), s.runs().stream().map(c -> c.model().nHeads()).toList());
        assertEquals(List.of(3L, 4L, 5L, 3L, 4L, 5L), s.runs().stream().map(c -> c.train().seed()).toList());
        assertTrue(s.runs().stream().allMatch(c -> c.train().steps() == 40));
        assertEquals(Map.of("model.n_heads", "2", "train.seed", "4"), s.combination(4));
        assertEquals("sweep.model.n_heads=1,2\nsweep.train.seed=3,4,5\n", s.text());
    }

    @Test
    void fileLinesAndCommandLineCombineAndTheCommandLineWins(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("s.properties"),
                "# a sweep\nsweep.train.seed=1..8\nsweep.model.n_heads=1,2\ntrain.steps=100\n");
        SweepSpec s = SweepSpec.resolve(file, args("sweep.train.seed", "7,9", "train.steps", "50"));
        assertEquals(4, s.runs().size());
        assertEquals(List.of(7L, 7L, 9L, 9L), s.runs().stream().map(c -> c.train().seed()).toList());
        assertTrue(s.runs().stream().allMatch(c -> c.train().steps() == 50));
    }

    @Test
    void badSpecsFailBeforeAnythingRunsWithOneLineSayingWhatIsAllowed() {
        assertTrue(refused(null, "train.steps", "5").contains("needs at least one axis"));
        assertTrue(refused(null, "sweep.train.sed", "1,2").contains("unknown config key 'train.sed'"));
        assertTrue(refused(null, "sweep.report.title", "a,b").contains("only model.* and train.* keys"));
        assertTrue(refused(null, "sweep.model.d_vocab", "12,32").contains("sweep.model.d_vocab cannot be swept"));
        assertTrue(refused(null, "sweep.train.seed", "").contains("has an empty value"));
        assertTrue(refused(null, "sweep.train.seed", "1,,2").contains("has an empty value"));
        assertTrue(refused(null, "sweep.train.seed", "5..2").contains("is an empty range"));
        assertTrue(refused(null, "sweep.train.seed", "1,1").contains("gives 1 twice"));
        assertTrue(refused(null, "sweep.train.seed", "1..100").contains("at most " + SweepSpec.MAX_RUNS));
        assertTrue(refused(null, "sweep.train.seed", "1..10", "sweep.model.n_heads", "1,2,3,4,5,6,7")
                .contains("more than " + SweepSpec.MAX_RUNS + " runs"));
        assertTrue(refused(null, "sweep.train.seed", "1,2", "train.seed", "3").contains("given both"));
        // A value out of range in one combination only: the whole sweep is refused, naming that combination.
        String m = refused(null, "sweep.model.n_heads", "1,0", "sweep.train.seed", "1,2");
        assertTrue(m.startsWith("sweep run model.n_heads=0, train.seed=1: model.n_heads=0 is not allowed"), m);
        // Two spellings of one value make the same run twice.
        assertTrue(refused(null, "sweep.train.steps", "10,010").contains("trains the same model"));
        for (String msg : List.of(m, refused(null, "sweep.train.seed", "x,y"))) {
            assertEquals(-1, msg.indexOf('\n'), msg);
        }
    }

    @Test
    void unitsGroupRunsThatDifferOnlyInTheirSeedAndShardsTakeWholeUnits() {
        SweepSpec s = SweepSpec.resolve(null, args("sweep.model.n_heads", "1,2", "sweep.train.seed", "1..5"));
        SweepPlan plan = SweepPlan.of(s.runs(), 3);
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4), List.of(5, 6, 7), List.of(8, 9)), plan.units());
        assertEquals(List.of(List.of(0, 1, 2), List.of(5, 6, 7)), plan.shard(1, 2));
        assertEquals(List.of(List.of(3, 4), List.of(8, 9)), plan.shard(2, 2));
        assertEquals(List.of(), plan.shard(5, 5));
        // The units do not depend on the number of shards: the n shards together are the units, each once.
        for (int n = 1; n <= 5; n++) {
            List<List<Integer>> union = new java.util.ArrayList<>();
            for (int i = 1; i <= n; i++) {
                union.addAll(plan.shard(i, n));
            }
            union.sort(java.util.Comparator.comparing(u -> u.get(0)));
            assertEquals(plan.units(), union, n + " shards");
        }
        assertTrue(assertThrows(ConfigException.class, () -> SweepPlan.parseShard("3/2")).getMessage()
                .contains("1 <= i <= n"));
        assertTrue(assertThrows(ConfigException.class, () -> SweepPlan.parseShard("0/2")).getMessage()
                .contains("1 <= i <= n"));
        assertTrue(assertThrows(ConfigException.class, () -> SweepPlan.of(s.runs(), 0)).getMessage()
                .contains("--group-size 0 is out of range"));
        assertEquals(2, SweepPlan.parseShard(" 2/4 ")[0]);
    }
}
