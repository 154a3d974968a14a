package io.github.sortlens.cli;

import io.github.sortlens.testing.CapturedStderr;
import io.github.sortlens.testing.TinyRun;
import io.github.sortlens.testing.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mistakes that once gave a misleading or unbounded message: each now ends in one clear line and the right exit. */
class ClearErrorsTest {

    @RegisterExtension
    final CapturedStderr err = new CapturedStderr();

    @Test
    void aKeyGivenTwiceOnTheCommandLineIsRefused(@TempDir Path tmp) {
        assertEquals(2, Main.run(new String[] {"train", "--run-dir", tmp.resolve("run").toString(),
            "--train.steps=10", "--train.steps=20"}));
        assertOneLine("--train.steps is given twice");
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    @Test
    void aRefusedLongValueIsEchoedAsABoundedPrefix(@TempDir Path tmp) {
        String title = "t".repeat(5000);
        assertEquals(2, Main.run(new String[] {"train", "--run-dir", tmp.resolve("run").toString(),
            "--report.title=" + title}));
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.contains("report.title=ttt"), msg);
        assertTrue(msg.length() < 600, "the refusal echoes " + msg.length() + " characters");
        assertTrue(msg.contains("5000 characters"), msg);
    }

    @Test
    void renderAndAnalyseReadTheKeysTheRunRecorded(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Path site = tmp.resolve("site");
        assertEquals(0, Main.run(new String[] {"render", "--run-dir", run.toString(), "--out", site.toString()}),
                err.toString());
        assertTrue(Files.isRegularFile(site.resolve("index.html")));
        err.reset();
        Map<String, String> before = TreeSnapshot.of(tmp);
        assertEquals(2, Main.run(new String[] {"render", "--run-dir", run.toString(), "--out", site.toString(),
            "--train.steps=301"}), err.toString());
        assertOneLine("train.steps=301");
        assertTrue(err.toString().contains("train.steps=300"), err.toString());
        assertEquals(before, TreeSnapshot.of(tmp));
        err.reset();
        assertEquals(2, Main.run(new String[] {"analyse", "--run-dir", run.toString(), "--model.d_model=16"}),
                err.toString());
        assertOneLine("model.d_model=16");
        assertEquals(before, TreeSnapshot.of(tmp));
    }

    @Test
    void aRenderWithoutTheRecordedKeysStillTakesItsOwnReportKeys(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Path site = tmp.resolve("site");
        List<String> args = new ArrayList<>(List.of("render", "--run-dir", run.toString(), "--out", site.toString(),
                "--report.title=My own title"));
        assertEquals(0, Main.run(args.toArray(String[]::new)), err.toString());
        assertTrue(Files.readString(site.resolve("index.html")).contains("My own title"));
    }

    /**
     * A write that fails in the middle of training (a full disk; here a folder where the training history goes) ends with the
     * line an interrupted run promises: where the last checkpoint is and that --resume continues from it.
     */
    @Test
    void aWriteFailureWhileTrainingSaysWhereTheCheckpointIsAndHowToResume(@TempDir Path tmp) throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve(".sortlens-run"), "This folder is a sortlens run directory.\n");
        Path blocked = Files.createDirectories(run.resolve("history.csv"));
        Files.writeString(blocked.resolve("in-the-way"), "x");
        assertEquals(1, Main.run(new String[] {"train", "--run-dir", run.toString(), "--model.n_ctx=12",
            "--model.d_vocab=12", "--train.steps=60", "--train.checkpoint_every=20", "--train.snapshot_every=20",
            "--train.eval_every=60", "--train.eval_size=20", "--train.log_every=10"}), err.toString());
        assertOneLine("history.csv");
        assertOneLine("the checkpoint of step 60");
        assertOneLine(run.resolve("checkpoint.bin") + "; continue with the same command plus --resume");
    }

    /** An interrupted analyse says so on its way out (the previous results, if any, are untouched). */
    @Test
    void anInterruptedAnalyseSaysSo(@TempDir Path tmp) throws Exception {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "analyse", "--run-dir",
                run.toString()));
        cmd.addAll(List.of(TinyRun.args()));
        Path log = tmp.resolve("log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && System.nanoTime() < deadline && !Files.readString(log).contains("sortlens: analysing")) {
            Thread.sleep(10);
        }
        assertTrue(p.isAlive(), Files.readString(log));
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(143, p.exitValue());
        String out = Files.readString(log);
        assertTrue(out.contains("sortlens: interrupted while analysing " + run), out);
        assertTrue(out.contains("the previous results in " + run.resolve("analysis") + " are unchanged"), out);
    }

    private void assertOneLine(String expected) {
        String msg = err.toString(StandardCharsets.UTF_8);
        List<String> lines = msg.lines().filter(l -> !l.startsWith("sortlens: warning:")).toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        assertTrue(last.startsWith("sortlens: ") && last.contains(expected), "expected '" + expected + "' in: " + msg);
        assertFalse(msg.contains("\tat "), "a stack trace: " + msg);
    }
}
