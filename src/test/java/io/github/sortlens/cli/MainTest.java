package io.github.sortlens.cli;

import io.github.sortlens.config.ConfigKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    @Test
    void helpListsEveryConfigKeyWithItsDefault() {
        assertEquals(0, Main.run(new String[] {"--help"}));
        String help = out.toString(StandardCharsets.UTF_8);
        for (ConfigKeys.Key k : ConfigKeys.ALL) {
            assertTrue(help.contains(k.name()), k.name());
        }
        assertTrue(help.contains("train.steps") && help.contains("50001"));
        assertTrue(help.contains("train") && help.contains("analyse") && help.contains("render"));
    }

    @Test
    void aBadValueIsOneLineExitTwoAndNothingWritten(@TempDir Path tmp) {
        Path runDir = tmp.resolve("run");
        assertEquals(2, Main.run(new String[] {"train", "--run-dir", runDir.toString(), "--model.n_ctx=41"}));
        String msg = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, msg.strip().lines().count(), msg);
        assertTrue(msg.contains("model.n_ctx=41 is not allowed"), msg);
        assertFalse(Files.exists(runDir));
    }

    @Test
    void anUnknownKeyAndAnUnknownCommandAreRefused(@TempDir Path tmp) {
        assertEquals(2, Main.run(new String[] {"train", "--run-dir", tmp.toString(), "--train.speed=9"}));
        assertEquals(2, Main.run(new String[] {"fly"}));
        assertEquals(2, Main.run(new String[] {}));
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.contains("unknown config key 'train.speed'"), msg);
        assertTrue(msg.contains("unknown command 'fly'"), msg);
    }

    @Test
    void aDamagedCheckpointIsOneLineExitOneAndLeftAsItWas(@TempDir Path tmp) throws Exception {
        Path runDir = tmp.resolve("run");
        Files.createDirectories(runDir);
        byte[] junk = "SORTLENS-CHECKPOINT\nthis file was cut short by a crash............".getBytes(StandardCharsets.UTF_8);
        Files.write(runDir.resolve("checkpoint.bin"), junk);
        assertEquals(1, Main.run(new String[] {"train", "--run-dir", runDir.toString(), "--resume",
                "--model.n_ctx=12", "--model.d_vocab=12", "--train.steps=5"}));
        String msg = err.toString(StandardCharsets.UTF_8).strip();
        assertTrue(msg.lines().anyMatch(l -> l.contains("is damaged")), msg);
        assertEquals(new String(junk, StandardCharsets.UTF_8),
                Files.readString(runDir.resolve("checkpoint.bin"), StandardCharsets.UTF_8));
    }

    @Test
    void analysingARunDirectoryWithAnotherConfigNamesTheDifference(@TempDir Path tmp) {
        String runDir = tmp.resolve("run").toString();
        String[] tiny = {"--model.n_ctx=12", "--model.d_vocab=12", "--train.steps=20", "--train.eval_size=50"};
        assertEquals(0, Main.run(concat(new String[] {"train", "--run-dir", runDir}, tiny)));
        err.reset();
        assertEquals(2, Main.run(concat(new String[] {"analyse", "--run-dir", runDir, "--model.d_model=16"}, tiny)));
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.contains("was trained with model.d_model=32; the model.d_model=16 given here contradicts it"),
                msg);
        assertFalse(Files.exists(tmp.resolve("run").resolve("analysis")));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
