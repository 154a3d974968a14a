package io.github.sortlens.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.github.sortlens.testing.CapturedStderr;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --seeds}: several models trained together, each into the run directory of its seed. */
class TrainSeedsTest {

    private static final String[] TINY = {"--model.n_ctx=12", "--model.d_vocab=12", "--train.steps=20",
        "--train.eval_size=50", "--train.log_every=10"};

    @RegisterExtension
    final CapturedStderr err = new CapturedStderr();

    @Test
    void eachSeedGetsTheRunDirectoryASoloTrainWritesAndAFinishedOneIsReused(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("runs");
        assertEquals(0, Main.run(concat(new String[] {"train", "--run-dir", root.toString(), "--seeds", "5,6"}, TINY)));
        Path solo = tmp.resolve("solo");
        assertEquals(0, Main.run(concat(new String[] {"train", "--run-dir", solo.toString(), "--train.seed=6"}, TINY)));
        for (String file : new String[] {"config.properties", "history.csv", "weights.npz", "manifest.json"}) {
            assertTrue(Files.isRegularFile(root.resolve("seed-5").resolve(file)), file);
        }
        assertArrayEquals(Files.readAllBytes(solo.resolve("config.properties")),
                Files.readAllBytes(root.resolve("seed-6").resolve("config.properties")));
        assertTrue(Files.readString(root.resolve("seed-6").resolve("manifest.json")).contains("\"seed\" : 6"));

        err.reset();
        assertEquals(0, Main.run(concat(new String[] {"train", "--run-dir", root.toString(), "--seeds", "6,7"}, TINY)));
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.contains("seed 6: reusing the trained model"), msg);
        assertTrue(msg.contains("training 1 models together"), msg);
        assertTrue(Files.isRegularFile(root.resolve("seed-7").resolve("weights.npz")));
    }

    @Test
    void badSeedListsAreOneLineExitTwoAndNothingWritten(@TempDir Path tmp) {
        Path root = tmp.resolve("runs");
        String[][] bad = {
            {"train", "--run-dir", root.toString(), "--seeds", "1,x"},
            {"train", "--run-dir", root.toString(), "--seeds", "1,2,1"},
            {"train", "--run-dir", root.toString(), "--seeds", "1,2", "--train.seed=3"},
            {"analyse", "--run-dir", root.toString(), "--seeds", "1,2"},
            {"train", "--run-dir", root.toString(), "--seeds"},
        };
        String[] expected = {"--seeds 1,x: train.seed", "seed 1 is given twice", "not both", "train only",
            "comma-separated list"};
        for (int i = 0; i < bad.length; i++) {
            err.reset();
            assertEquals(2, Main.run(bad[i]), String.join(" ", bad[i]));
            String msg = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, msg.strip().lines().count(), msg);
            assertTrue(msg.contains(expected[i]), msg);
        }
        assertFalse(Files.exists(root));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
