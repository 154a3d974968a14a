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

/**
 * The run directory rule: {@code train} writes only into a missing or empty folder or a run directory of its own
 * (its marker), and {@code analyse} replaces only the files of {@code analysis/} that it writes. Anything else is
 * refused in one line, exit 2, with every file left as it was.
 */
class RunDirectoryRuleTest {

    @RegisterExtension
    final CapturedStderr err = new CapturedStderr();

    /** The file train writes first into a run directory (RunDirectory.MARKER). */
    private static final String RUN_MARKER = ".sortlens-run";

    private static final String[] SMALL = {"--model.n_ctx=12", "--model.d_vocab=12", "--train.steps=20",
            "--train.checkpoint_every=20", "--train.eval_every=20", "--train.eval_size=20", "--train.log_every=10"};

    @Test
    void trainRefusesAFolderHoldingTheUsersFiles(@TempDir Path tmp) throws IOException {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("history.csv"), "my,own,history\n");
        Files.writeString(mine.resolve("config.properties"), "my.key=1\n");
        Files.writeString(mine.resolve("notes.txt"), "my notes");
        assertRefused(tmp, mine);
    }

    @Test
    void trainRefusesAFolderWithTheUsersSnapshotAndManifest(@TempDir Path tmp) throws IOException {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.createDirectories(mine.resolve("snapshots"));
        Files.writeString(mine.resolve("snapshots").resolve("step-000000000.npz"), "my snapshot");
        Files.writeString(mine.resolve("manifest.json"), "{\"mine\": true}");
        assertRefused(tmp, mine);
    }

    @Test
    void trainRefusesAHomeFolder(@TempDir Path tmp) throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh").resolve("id_ed25519"), "secret");
        Files.writeString(home.resolve(".bashrc"), "export PS1='$ '");
        assertRefused(tmp, home);
    }

    @Test
    void trainMarksItsRunDirectoryAndComesBackToIt(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(0, train(run), err.toString());
        assertTrue(Files.isRegularFile(run.resolve(RUN_MARKER)), "no run directory marker");
        err.reset();
        assertEquals(0, train(run), err.toString());
        assertTrue(err.toString().contains("reusing the trained model"), err.toString());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(0, train(empty), err.toString());
        assertTrue(Files.isRegularFile(empty.resolve(RUN_MARKER)));
    }

    @Test
    void aRunDirectoryFromBeforeTheMarkerIsStillItsOwn(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Files.deleteIfExists(run.resolve(RUN_MARKER));
        List<String> args = new ArrayList<>(List.of("train", "--run-dir", run.toString()));
        args.addAll(List.of(TinyRun.args()));
        assertEquals(0, Main.run(args.toArray(String[]::new)), err.toString());
        assertTrue(err.toString().contains("reusing the trained model"), err.toString());
    }

    @Test
    void analyseKeepsAFileTheUserAddedToTheAnalysisFolder(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Files.writeString(run.resolve("analysis").resolve("notes.md"), "# what I saw");
        Map<String, String> before = TreeSnapshot.of(tmp);
        List<String> args = new ArrayList<>(List.of("analyse", "--run-dir", run.toString()));
        args.addAll(List.of(TinyRun.args()));
        assertEquals(2, Main.run(args.toArray(String[]::new)), err.toString());
        assertOneLine("notes.md");
        assertEquals(before, TreeSnapshot.of(tmp), "analyse changed files");
    }

    private void assertRefused(Path tmp, Path dir) {
        Map<String, String> before = TreeSnapshot.of(tmp);
        assertEquals(2, train(dir), err.toString());
        assertOneLine("will not train into " + dir);
        assertEquals(before, TreeSnapshot.of(tmp), "train into " + dir + " changed files");
    }

    private static int train(Path runDir) {
        List<String> args = new ArrayList<>(List.of("train", "--run-dir", runDir.toString()));
        args.addAll(List.of(SMALL));
        return Main.run(args.toArray(String[]::new));
    }

    private void assertOneLine(String expected) {
        String msg = err.toString(StandardCharsets.UTF_8);
        List<String> lines = msg.lines().filter(l -> !l.startsWith("sortlens: warning:")).toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        assertTrue(last.startsWith("sortlens: ") && last.contains(expected), "expected '" + expected + "' in: " + msg);
        assertFalse(msg.contains("\tat "), "a stack trace: " + msg);
    }
}
