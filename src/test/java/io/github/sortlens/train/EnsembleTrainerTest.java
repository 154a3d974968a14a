package io.github.sortlens.train;

import io.github.sortlens.config.RunConfig;
import io.github.sortlens.config.TrainConfig;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.TinyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnsembleTrainerTest {

    private static final long[] SEEDS = {123, 7, 2024};

    /** Lists of 5 values from 0..9 at lr 1e-2; held-out evaluation (500 sequences) once, at the end. */
    private static List<RunConfig> configs(int steps, int checkpointEvery) {
        RunConfig base = TinyRuns.config(TinyRuns.SMALL_MODEL, steps, checkpointEvery);
        List<RunConfig> out = new ArrayList<>();
        for (long seed : SEEDS) {
            TrainConfig t = new TrainConfig(16, steps, 1e-2, seed, 50, steps, 500, checkpointEvery, steps / 3);
            out.add(new RunConfig(base.model(), t, base.analysis(), base.report()));
        }
        return out;
    }

    private static List<RunDirectory> dirs(Path root, String name) {
        List<RunDirectory> out = new ArrayList<>();
        for (long seed : SEEDS) {
            out.add(new RunDirectory(root.resolve(name).resolve("seed-" + seed)));
        }
        return out;
    }

    /**
     * Three models trained together for 300 steps against each trained alone. Measured (ND4J M2.1 CPU, OpenBLAS, one
     * thread): no difference at all, the weights, held-out figures and logged losses of each model are bitwise equal
     * to its solo run's (the batched matmuls run the same gemm per model, in the same order). The bounds allow for a
     * backend whose batched kernels sum in another order: weights within 1e-4 of the largest weight (about 1.4 here),
     * held-out accuracy within 1 percentage point (500 sequences), logged losses within 1e-3.
     */
    @Test
    void threeModelsTrainedTogetherWriteWhatEachWritesAlone(@TempDir Path tmp) throws IOException {
        List<RunConfig> configs = configs(300, 100);
        List<RunDirectory> together = dirs(tmp, "together");
        List<Trainer.Result> ensemble = new EnsembleTrainer(configs, together, TrainingProgress.silent()).run(false);
        List<RunDirectory> alone = dirs(tmp, "alone");
        for (int m = 0; m < SEEDS.length; m++) {
            Trainer.Result solo = new Trainer(configs.get(m), alone.get(m), TrainingProgress.silent()).run(false);
            Trainer.Result mine = ensemble.get(m);

            assertEquals(files(alone.get(m).root()), files(together.get(m).root()), "seed " + SEEDS[m]);
            assertArrayEquals(Files.readAllBytes(alone.get(m).config()), Files.readAllBytes(together.get(m).config()));
            double scale = maxAbs(solo.weights());
            double diff = maxAbsDiff(solo.weights(), mine.weights());
            assertTrue(diff <= 1e-4 * scale, "seed " + SEEDS[m] + ": weights differ by " + diff + " (max " + scale + ")");
            assertEquals(solo.heldOut().accuracy(), mine.heldOut().accuracy(), 0.01, "held-out accuracy");
            assertEquals(solo.heldOut().sequences(), mine.heldOut().sequences());
            assertEquals(solo.history().train().size(), mine.history().train().size());
            for (int r = 0; r < solo.history().train().size(); r++) {
                TrainingHistory.LogRow a = solo.history().train().get(r);
                TrainingHistory.LogRow b = mine.history().train().get(r);
                assertEquals(a.step(), b.step());
                assertEquals(a.loss(), b.loss(), 1e-3, "train loss at step " + a.step());
            }
            assertTrue(solo.heldOut().accuracy() > 0.3, "the models learn something in 300 steps (chance is 0.1)");
        }
        assertTrue(maxAbsDiff(ensemble.get(0).weights(), ensemble.get(1).weights()) > 0.01,
                "different seeds give different models");
    }

    @Test
    void theSameSeedsGiveTheSameBitsTwice(@TempDir Path tmp) throws IOException {
        List<RunConfig> configs = configs(60, 30);
        List<RunDirectory> a = dirs(tmp, "a");
        List<RunDirectory> b = dirs(tmp, "b");
        new EnsembleTrainer(configs, a, TrainingProgress.silent()).run(false);
        new EnsembleTrainer(configs, b, TrainingProgress.silent()).run(false);
        for (int m = 0; m < SEEDS.length; m++) {
            for (String name : files(a.get(m).root())) {
                assertArrayEquals(Files.readAllBytes(a.get(m).root().resolve(name)),
                        Files.readAllBytes(b.get(m).root().resolve(name)), "seed " + SEEDS[m] + ": " + name);
            }
        }
    }

    @Test
    void anInterruptedEnsembleResumedEndsWithTheBitsOfAnUninterruptedOne(@TempDir Path tmp) throws IOException {
        List<RunConfig> configs = configs(60, 20);
        List<RunDirectory> straight = dirs(tmp, "straight");
        new EnsembleTrainer(configs, straight, TrainingProgress.silent()).run(false);
        List<RunDirectory> interrupted = dirs(tmp, "interrupted");
        new EnsembleTrainer(configs, interrupted, TrainingProgress.silent()).run(false, 47); // checkpoints at 40
        assertThrows(CheckpointException.class,
                () -> new EnsembleTrainer(configs, interrupted, TrainingProgress.silent()).run(false));
        new EnsembleTrainer(configs, interrupted, TrainingProgress.silent()).run(true);
        for (int m = 0; m < SEEDS.length; m++) {
            for (Path p : List.of(straight.get(m).weights(), straight.get(m).historyJson(),
                    straight.get(m).checkpoint())) {
                assertArrayEquals(Files.readAllBytes(p),
                        Files.readAllBytes(interrupted.get(m).root().resolve(p.getFileName())), p.toString());
            }
        }
    }

    @Test
    void anEnsembleOfOtherThanSeedsIsRefused() {
        List<RunConfig> configs = new ArrayList<>(configs(10, 10));
        configs.set(1, configs.get(0));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> EnsembleTrainer.requireEnsemble(configs));
        assertTrue(twice.getMessage().contains("seed 123 is given twice"), twice.getMessage());
        RunConfig other = TinyRuns.config(TinyRuns.SMALL_MODEL, 20, 10);
        configs.set(1, new RunConfig(other.model(), EnsembleTrainer.withSeed(other.train(), 5), other.analysis(),
                other.report()));
        IllegalArgumentException differ = assertThrows(IllegalArgumentException.class,
                () -> EnsembleTrainer.requireEnsemble(configs));
        assertTrue(differ.getMessage().contains("may differ only in train.seed"), differ.getMessage());
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private static double maxAbs(Weights w) {
        double max = 0;
        for (Param p : Param.values()) {
            for (float x : w.get(p).data()) {
                max = Math.max(max, Math.abs(x));
            }
        }
        return max;
    }

    private static double maxAbsDiff(Weights a, Weights b) {
        double max = 0;
        for (Param p : Param.values()) {
            max = Math.max(max, a.get(p).maxAbsDiff(b.get(p)));
        }
        return max;
    }
}
