package io.github.sortlens.train;

import io.github.sortlens.config.RunConfig;
import io.github.sortlens.testing.TestWeights;
import io.github.sortlens.testing.TinyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    @Test
    void anInterruptedRunResumedEndsWithExactlyTheWeightsOfAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        RunConfig config = TinyRuns.config(TestWeights.TINY, 60, 20);
        RunDirectory straight = new RunDirectory(tmp.resolve("straight"));
        Trainer.Result full = new Trainer(config, straight, TrainingProgress.silent()).run(false);

        RunDirectory interrupted = new RunDirectory(tmp.resolve("interrupted"));
        new Trainer(config, interrupted, TrainingProgress.silent()).run(false, 47); // checkpoint holds step 40
        assertThrows(CheckpointException.class,
                () -> new Trainer(config, interrupted, TrainingProgress.silent()).run(false));
        Trainer.Result resumed = new Trainer(config, interrupted, TrainingProgress.silent()).run(true);

        assertEquals(full.weights(), resumed.weights());
        assertEquals(full.history(), resumed.history());
        assertEquals(20, resumed.stepsRun());
        assertArrayEquals(Files.readAllBytes(straight.weights()), Files.readAllBytes(interrupted.weights()));
        assertArrayEquals(Files.readAllBytes(straight.historyCsv()), Files.readAllBytes(interrupted.historyCsv()));
        List<String> names = snapshotNames(straight);
        assertEquals(11, names.size(), "snapshots at steps 0, 6, ..., 60: " + names);
        assertEquals(names, snapshotNames(interrupted));
        for (String name : names) {
            assertArrayEquals(Files.readAllBytes(straight.snapshots().resolve(name)),
                    Files.readAllBytes(interrupted.snapshots().resolve(name)), name);
        }
        assertArrayEquals(Files.readAllBytes(straight.weights()), Files.readAllBytes(straight.snapshot(60)),
                "the last snapshot is the final weights");
    }

    private static List<String> snapshotNames(RunDirectory dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir.snapshots())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theSameConfigAndSeedGiveBitwiseIdenticalWeightsAndHistory(@TempDir Path tmp) throws Exception {
        RunConfig config = TinyRuns.config(TestWeights.TINY, 30, 30);
        RunDirectory a = new RunDirectory(tmp.resolve("a"));
        RunDirectory b = new RunDirectory(tmp.resolve("b"));
        new Trainer(config, a, TrainingProgress.silent()).run(false);
        new Trainer(config, b, TrainingProgress.silent()).run(false);
        assertArrayEquals(Files.readAllBytes(a.weights()), Files.readAllBytes(b.weights()));
        assertArrayEquals(Files.readAllBytes(a.historyJson()), Files.readAllBytes(b.historyJson()));
        assertArrayEquals(Files.readAllBytes(a.checkpoint()), Files.readAllBytes(b.checkpoint()));
    }

    /**
     * Measured: this config (lists of 5 values from 0..9, d_model 32) reached 97.0 % held-out token accuracy (2,000 sequences)
     * after 1,500 steps at lr 1e-2; the bar leaves room for float noise across machines but fails a model that
     * has not learned to sort (chance is 10 %, copying the commonest value far less than 90 %).
     */
    @Test
    void aShortRunOnASmallConfigLearnsToSort(@TempDir Path tmp) {
        RunConfig config = TinyRuns.config(TinyRuns.SMALL_MODEL, 1500, 1500);
        Trainer.Result r = new Trainer(config, new RunDirectory(tmp), TrainingProgress.silent()).run(false);
        HeldOutMetrics heldOut = new HeldOutEvaluator(config, 2000).evaluate(r.weights(), 1500);
        assertTrue(heldOut.accuracy() >= 0.95, "held-out token accuracy " + heldOut.accuracy());
        for (TrainingHistory.LogRow row : r.history().train()) {
            assertTrue(Double.isFinite(row.loss()), "loss at step " + row.step());
        }
        assertTrue(r.history().train().get(r.history().train().size() - 1).loss()
                < r.history().train().get(0).loss() / 4);
    }
}
