package io.github.sortlens.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.github.sortlens.testing.CapturedStderr;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep command's own options: refused with one line and exit 2 before anything is created. */
class SweepArgumentsTest {

    @RegisterExtension
    final CapturedStderr err = new CapturedStderr();

    private String refused(String... args) {
        err.reset();
        assertEquals(2, Main.run(args), String.join(" ", args));
        String msg = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, msg.lines().count(), msg);
        return msg;
    }

    @Test
    void badSweepCommandLinesAreOneLineAndExit2AndCreateNothing(@TempDir Path tmp) {
        Path runs = tmp.resolve("runs");
        Path out = tmp.resolve("out");
        String r = "--runs-dir=" + runs;
        String o = "--out=" + out;
        assertTrue(refused("sweep", r, o, "--sweep.train.seed=1,2", "--shard", "3/2").contains("1 <= i <= n"));
        assertTrue(refused("sweep", r, o, "--sweep.train.seed=1,2", "--shard").contains("--shard needs i/n"));
        assertTrue(refused("sweep", "--runs-dir=", o, "--sweep.train.seed=1,2").contains("--runs-dir needs a path,"
                + " not an empty value"));
        assertTrue(refused("sweep", r, o, "--sweep.train.seed=1,2", "--shard", "1/2")
                .contains("--out is not used with --shard"));
        assertTrue(refused("sweep", r, o, "--sweep.train.seed=1,2", "--group-size=x").contains("not a whole number"));
        assertTrue(refused("sweep", r, o, "--sweep.train.seed=1,2", "--group-size=65").contains("out of range"));
        assertTrue(refused("sweep", r, o, "--sweep.model.n_heads=1,0").contains("sweep run model.n_heads=0"));
        assertTrue(refused("sweep", r, o, "--train.steps=5").contains("needs at least one axis"));
        assertTrue(refused("sweep", "--run-dir", runs.toString(), "--sweep.train.seed=1,2").contains("--runs-dir"));
        assertTrue(refused("train", "--shard", "1/2").contains("options of sweep only"));
        assertTrue(refused("all", "--sweep.train.seed=1,2").contains("is a sweep axis"));
        assertFalse(Files.exists(runs), "a refused sweep created its runs folder");
        assertFalse(Files.exists(out), "a refused sweep created its output folder");
    }

    @Test
    void aSweepWhoseOutputFolderHoldsOtherFilesIsRefusedBeforeTraining(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        err.reset();
        int code = Main.run(new String[] {"sweep", "--runs-dir=" + tmp.resolve("runs"), "--out=" + out,
            "--sweep.train.seed=1,2", "--model.n_ctx=12", "--model.d_vocab=12", "--train.steps=20"});
        assertEquals(2, code, err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(tmp.resolve("runs")), "it trained before checking where the site goes");
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }
}
