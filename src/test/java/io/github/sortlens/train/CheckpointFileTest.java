package io.github.sortlens.train;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.testing.TestWeights;
import io.github.sortlens.testing.TinyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointFileTest {

    private final RunConfig config = TinyRuns.config(TestWeights.TINY, 10, 5);
    private final String text = Trainer.trainingConfigText(config);

    private Checkpoint sample() {
        Map<Param, Tensor> adam = new EnumMap<>(Param.class);
        for (Param p : Param.values()) {
            int size = Math.toIntExact(Arrays.stream(p.shape(TestWeights.TINY)).asLongStream().reduce(1, (a, b) -> a * b));
            adam.put(p, TestWeights.random(TestWeights.TINY, 3, 1).get(p).reshape(size).copy());
            adam.put(p, new Tensor(concat(adam.get(p).data(), adam.get(p).data()), 2 * size));
        }
        TrainingHistory history = new TrainingHistory(List.of(new TrainingHistory.LogRow(5, 5, 2.5, 0.1)),
                List.of(new TrainingHistory.EvalRow(5, 2.4, 0.12, 0.0)));
        return new Checkpoint(text, 5, 987654321L, TestWeights.random(TestWeights.TINY, 1, 0.5), adam, history,
                new Checkpoint.Window(1.5, 0.25, 3));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void roundTripsExactly(@TempDir Path tmp) {
        Path file = tmp.resolve("c.bin");
        Checkpoint c = sample();
        CheckpointFile.write(c, file);
        Checkpoint back = CheckpointFile.read(file, TestWeights.TINY, text);
        assertEquals(c.weights(), back.weights());
        assertEquals(c.adamState(), back.adamState());
        assertEquals(c.history(), back.history());
        assertEquals(c.window(), back.window());
        assertEquals(c.step(), back.step());
        assertEquals(c.dataRngState(), back.dataRngState());
    }

    @Test
    void aTruncatedCheckpointIsRefusedAsDamaged(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("c.bin");
        CheckpointFile.write(sample(), file);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length / 2));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> CheckpointFile.read(file, TestWeights.TINY, text));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void aSingleFlippedBitIsRefused(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("c.bin");
        CheckpointFile.write(sample(), file);
        byte[] all = Files.readAllBytes(file);
        all[all.length / 2] ^= 1;
        Files.write(file, all);
        assertThrows(CheckpointException.class, () -> CheckpointFile.read(file, TestWeights.TINY, text));
    }

    @Test
    void aCheckpointFromAnotherConfigIsRefusedNamingTheKey(@TempDir Path tmp) {
        Path file = tmp.resolve("c.bin");
        CheckpointFile.write(sample(), file);
        RunConfig other = TinyRuns.config(TestWeights.TINY, 10, 5);
        String otherText = Trainer.trainingConfigText(new RunConfig(other.model(),
                new io.github.sortlens.config.TrainConfig(16, 10, 1e-2, 124, 50, 5, 500, 5, 1), other.analysis(),
                other.report()));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> CheckpointFile.read(file, TestWeights.TINY, otherText));
        assertTrue(e.getMessage().contains("train.seed=123 in the checkpoint, 124 now"), e.getMessage());
    }

    @Test
    void aFileThatIsNotACheckpointIsRefused(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("c.bin");
        Files.writeString(file, "hello, this is not a checkpoint at all, but it is long enough to have a digest");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> CheckpointFile.read(file, ModelConfig.SEED, text));
        assertTrue(e.getMessage().contains("not a sortlens checkpoint"), e.getMessage());
    }
}
