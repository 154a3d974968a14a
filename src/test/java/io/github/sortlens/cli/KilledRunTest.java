package io.github.sortlens.cli;

import io.github.sortlens.config.ConfigKeys;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.train.Checkpoint;
import io.github.sortlens.train.CheckpointFile;
import io.github.sortlens.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training process killed with SIGKILL (no shutdown hooks, possibly mid-write) leaves a readable checkpoint, and
 * {@code --resume} then ends with exactly the weights of a run that was never interrupted.
 */
class KilledRunTest {

    private static final String[] CONFIG = {"--model.n_ctx=12", "--model.d_vocab=12", "--train.steps=1500",
        "--train.checkpoint_every=20", "--train.eval_every=1500", "--train.eval_size=50", "--train.log_every=100"};

    @Test
    void aKilledRunLeavesItsCheckpointIntactAndResumesExactly(@TempDir Path tmp) throws Exception {
        Path killed = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train",
                "--run-dir", killed.toString()));
        cmd.addAll(Arrays.asList(CONFIG));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(killed.resolve("checkpoint.bin")) && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(20);
        }
        Thread.sleep(700); // let it write a few more checkpoints, then kill it wherever it is
        assertTrue(p.isAlive(), "the run ended before it could be killed: " + Files.readString(tmp.resolve("log")));
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        RunConfig config = ConfigKeys.resolve(null, overrides());
        Checkpoint saved = CheckpointFile.read(killed.resolve("checkpoint.bin"), config.model(),
                Trainer.trainingConfigText(config));
        assertTrue(saved.step() > 0 && saved.step() < 1500, "checkpoint at step " + saved.step());

        assertEquals(0, Main.run(concat("train", "--run-dir", killed.toString(), "--resume")));
        Path straight = tmp.resolve("straight");
        assertEquals(0, Main.run(concat("train", "--run-dir", straight.toString())));
        assertArrayEquals(Files.readAllBytes(straight.resolve("weights.npz")),
                Files.readAllBytes(killed.resolve("weights.npz")));
        assertArrayEquals(Files.readAllBytes(straight.resolve("history.csv")),
                Files.readAllBytes(killed.resolve("history.csv")));
    }

    private static Map<String, String> overrides() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String a : CONFIG) {
            m.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return m;
    }

    private static String[] concat(String... head) {
        String[] out = Arrays.copyOf(head, head.length + CONFIG.length);
        System.arraycopy(CONFIG, 0, out, head.length, CONFIG.length);
        return out;
    }
}
