package io.github.sortlens.cli;

import io.github.sortlens.analysis.AnalysisFiles;
import io.github.sortlens.config.ConfigKeys;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;
import io.github.sortlens.render.OutputFolder;
import io.github.sortlens.testing.TinyRun;
import io.github.sortlens.testing.TreeSnapshot;
import io.github.sortlens.train.Manifest;
import io.github.sortlens.train.RunDirectory;
import io.github.sortlens.train.RunLock;
import io.github.sortlens.train.WeightsNpz;
import io.github.sortlens.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.github.sortlens.testing.CapturedStderr;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line under careless or hostile input: each case is one that once failed (silently lost files, wrote
 * outside the output folder, crashed late, or said the wrong thing). Each must now end with one line that names the
 * problem, the right exit code, and nothing lost or half-written.
 */
class HostileInputTest {

    @RegisterExtension
    final CapturedStderr err = new CapturedStderr();

    // ---- the output folder ----

    @Test
    void renderRefusesForeignFoldersFilesAndTheRunDirectoryWithExitTwo(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "my notes");
        Path thesis = Files.createDirectories(tmp.resolve("thesis"));
        Files.writeString(thesis.resolve("thesis.tex"), "\\begin{document}");
        for (Path out : List.of(notes, thesis, run, tmp)) {
            err.reset();
            Map<String, String> before = snapshot(tmp);
            assertEquals(2, tiny("render", "--run-dir", run.toString(), "--out", out.toString()), out.toString());
            assertOneLine("will not render into " + out);
            assertEquals(before, snapshot(tmp), "render into " + out + " changed files");
        }
    }

    @Test
    void anExampleIdThatLeavesTheSiteIsRefusedWhenRead(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("a").resolve("b").resolve("run"));
        Path examples = AnalysisFiles.directory(run).resolve(AnalysisFiles.EXAMPLES);
        Files.writeString(examples, Files.readString(examples).replace("\"all-equal\"", "\"../../escaped\""));
        Path out = tmp.resolve("a").resolve("b").resolve("site");
        assertEquals(1, tiny("render", "--run-dir", run.toString(), "--out", out.toString()));
        assertOneLine("example id '../../escaped' is not allowed");
        try (Stream<Path> all = Files.walk(tmp)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().startsWith("escaped")), "a file escaped");
        }
        assertFalse(Files.exists(out));
    }

    // ---- the config ----

    @Test
    void aConfigFileThatIsNotOneIsABadCommandLine(@TempDir Path tmp) throws IOException {
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        Path binary = Files.write(tmp.resolve("random.bin"), noise);
        Path huge = tmp.resolve("huge.properties");
        Files.write(huge, new byte[2 << 20]);
        Map<Path, String> cases = Map.of(tmp, "is a directory", binary, "is not text", huge, "is too large");
        for (Map.Entry<Path, String> c : cases.entrySet()) {
            err.reset();
            assertEquals(2, Main.run(new String[] {"train", "--run-dir", tmp.resolve("run").toString(), "--config",
                c.getKey().toString()}), c.getValue());
            assertOneLine("config file " + c.getKey() + " " + c.getValue());
        }
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    @Test
    void aControlCharacterInAValueIsRefusedNotWrittenIntoTheRun(@TempDir Path tmp) {
        assertEquals(2, Main.run(new String[] {"train", "--run-dir", tmp.resolve("run").toString(),
            "--report.title=two\nlines"}));
        assertOneLine("report.title=two\\nlines is not allowed: a value is one line of text");
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    @Test
    void refusedValuesAreEchoedAsGivenWithTheirRangeAndWhereTheyCameFrom(@TempDir Path tmp) throws IOException {
        assertEquals(2, Main.run(new String[] {"train", "--run-dir", tmp.resolve("r").toString(),
            "--train.seed=99999999999999999999"}));
        assertOneLine("train.seed=99999999999999999999 is not allowed: an integer from 0 to 9223372036854775807");
        err.reset();
        assertEquals(2, Main.run(new String[] {"train", "--run-dir", tmp.resolve("r").toString(), "--train.lr=0"}));
        assertOneLine("train.lr=0 is not allowed: a number in (0, 1]");
        err.reset();
        Path file = Files.writeString(tmp.resolve("c.properties"), "# a comment\n\ntrain.steps=10\nmodel.n_ctx=41\n");
        assertEquals(2, Main.run(new String[] {"train", "--run-dir", tmp.resolve("r").toString(), "--config",
            file.toString()}));
        assertOneLine("model.n_ctx=41 is not allowed: an even integer from 4 to 1024");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("(config file " + file + " line 4)"), err.toString());
        err.reset();
        assertEquals(2, Main.run(new String[] {"train", "--run-dir", tmp.resolve("r").toString(),
            "--model.d_vocab=3"}));
        assertOneLine("model.d_vocab=3 is not allowed: an integer from 4 to 4096");
        assertFalse(Files.exists(tmp.resolve("r")));
    }

    @Test
    void aRunDirectoryThatIsAFileIsRefusedBeforeTraining(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("run"), "not a folder");
        assertEquals(2, Main.run(new String[] {"train", "--run-dir", file.toString(), "--train.steps=5"}));
        assertOneLine("--run-dir " + file + " is a file");
        assertEquals("not a folder", Files.readString(file));
    }

    /** Every allowed value must work end to end: the smallest sequence and vocabulary train, analyse and render. */
    @Test
    void theSmallestAllowedModelRunsThroughTheWholePipeline(@TempDir Path tmp) {
        String smallestCtx = "--model.n_ctx=4";
        String smallestVocab = "--model.d_vocab=4";
        assertEquals(0, Main.run(new String[] {"all", "--run-dir", tmp.resolve("run").toString(), "--out",
            tmp.resolve("site").toString(), smallestCtx, smallestVocab, "--train.steps=40", "--train.eval_size=20",
            "--analysis.held_out_size=100", "--analysis.dynamics_size=20", "--analysis.random_examples=2", "--analysis.worst_examples=1"}),
                err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.isRegularFile(tmp.resolve("site").resolve("index.html")));
    }

    // ---- damaged run directories ----

    @Test
    void nonFiniteWeightsAreRefusedWhenReadNamingTheParameter(@TempDir Path tmp) {
        RunConfig config = TinyRun.config();
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            Path run = TinyRun.copyTo(tmp.resolve("run-" + bad));
            RunDirectory dir = new RunDirectory(run);
            Weights w = WeightsNpz.read(dir.weights(), config.model());
            Map<Param, Tensor> tensors = new EnumMap<>(Param.class);
            for (Param p : Param.values()) {
                tensors.put(p, w.get(p).copy());
            }
            tensors.get(Param.W_V).data()[7] = bad;
            // as a run that diverged writes them: the weights, the last snapshot and the manifest's hashes agree
            WeightsNpz.write(new Weights(config.model(), tensors), dir.weights());
            WeightsNpz.write(new Weights(config.model(), tensors), dir.snapshot(config.train().steps()));
            Json.writeFile(dir.manifest(), Json.read(dir.manifest(), Manifest.class)
                    .withSnapshotSha256(io.github.sortlens.train.Snapshots.sha256(dir)));
            err.reset();
            assertEquals(1, tiny("analyse", "--run-dir", run.toString()));
            assertOneLine("blocks.0.attn.W_V holds " + bad);
        }
    }

    @Test
    void aReplacedWeightsFileIsNoticedAndTrainResumeRestoresIt(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        RunDirectory dir = new RunDirectory(run);
        byte[] original = Files.readAllBytes(dir.weights());
        Manifest m = Json.read(dir.manifest(), Manifest.class);
        Json.writeFile(dir.manifest(), m.withWeightsSha256(Pipeline.sha256(dir.weights())));
        Map<Param, Tensor> zeros = new EnumMap<>(Param.class);
        for (Param p : Param.values()) {
            zeros.put(p, Tensor.zeros(p.shape(TinyRun.config().model())));
        }
        WeightsNpz.write(new Weights(TinyRun.config().model(), zeros), dir.weights());
        Map<String, String> before = snapshot(run);

        assertEquals(1, tiny("analyse", "--run-dir", run.toString()));
        assertOneLine("weights.npz is not the file training wrote");
        assertEquals(before, snapshot(run), "a refused analyse wrote into the run (a lock file counts)");

        assertEquals(0, tiny("train", "--run-dir", run.toString(), "--resume"));
        assertArrayEquals(original, Files.readAllBytes(dir.weights()));
        Manifest restored = Json.read(dir.manifest(), Manifest.class);
        assertEquals(m.stageSeconds(), restored.stageSeconds(), "restoring the outputs changed the timings");
        assertEquals(m.stepsRun(), restored.stepsRun());
    }

    @Test
    void aMissingManifestStopsAnalyseBeforeItWritesAnything(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Files.delete(new RunDirectory(run).manifest());
        Map<String, String> before = snapshot(run);
        assertEquals(1, tiny("analyse", "--run-dir", run.toString()));
        assertOneLine("manifest.json is missing");
        assertEquals(before, snapshot(run));
    }

    @Test
    void aMissingHeldOutFileIsNotCalledUnfinishedAndResumeKeepsTheManifest(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        RunDirectory dir = new RunDirectory(run);
        byte[] heldOut = Files.readAllBytes(dir.heldOut());
        Manifest manifest = Json.read(dir.manifest(), Manifest.class);
        Files.delete(dir.heldOut());
        assertEquals(1, tiny("render", "--run-dir", run.toString(), "--out", tmp.resolve("site").toString()));
        assertOneLine("finished training (step 300) but heldout.json is missing: run train --resume");
        assertEquals(0, tiny("train", "--run-dir", run.toString(), "--resume"));
        assertArrayEquals(heldOut, Files.readAllBytes(dir.heldOut()));
        Manifest after = Json.read(dir.manifest(), Manifest.class);
        assertEquals(manifest.stageSeconds(), after.stageSeconds());
        assertEquals(manifest.stepsRun(), after.stepsRun());
        assertEquals(manifest.msPerStep(), after.msPerStep());
    }

    // ---- concurrency ----

    @Test
    void aSecondWriterIsRefusedNamingTheHolder(@TempDir Path tmp) {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        try (RunLock held = RunLock.acquire(new RunDirectory(run))) {
            assertEquals(1, tiny("train", "--run-dir", run.toString(), "--resume"));
            assertOneLine("is in use by another writer in this sortlens process (pid "
                    + ProcessHandle.current().pid() + ")");
            err.reset();
            assertEquals(1, tiny("analyse", "--run-dir", run.toString()));
            assertOneLine("is in use");
        }
        err.reset();
        assertEquals(0, tiny("train", "--run-dir", run.toString(), "--resume"), err.toString());
    }

    @Test
    void aWriterInAnotherProcessIsNamedByItsPid(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        String[] config = {"--model.n_ctx=12", "--model.d_vocab=12", "--train.steps=100000",
            "--train.checkpoint_every=50", "--train.eval_every=100000", "--train.eval_size=20",
            "--train.snapshot_every=0"};
        List<String> args = new ArrayList<>(List.of("train", "--run-dir", run.toString()));
        args.addAll(List.of(config));
        Process p = java(tmp, args.toArray(String[]::new));
        try {
            waitFor(() -> Files.exists(run.resolve("checkpoint.bin")), p, tmp);
            args.add("--resume");
            assertEquals(1, Main.run(args.toArray(String[]::new)));
            assertOneLine("is in use by another sortlens process (pid " + p.pid() + ")");
        } finally {
            signal(p, "TERM");
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void renderReadsTheRunAndTakesItsConfigInMemory(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Map<String, String> before = snapshot(run);
        List<String> args = new ArrayList<>(List.of(TinyRun.args()));
        args.replaceAll(a -> a.startsWith("--report.title=") ? "--report.title=Another title" : a);
        args.addAll(0, List.of("render", "--run-dir", run.toString(), "--out", tmp.resolve("site").toString()));
        assertEquals(0, Main.run(args.toArray(String[]::new)), err.toString());
        assertEquals(before, snapshot(run), "render wrote into the run directory");
        assertTrue(Files.readString(tmp.resolve("site").resolve("index.html")).contains("Another title"));
        assertTrue(OutputFolder.isSite(tmp.resolve("site")));
    }

    // ---- interrupts ----

    @Test
    void anInterruptedTrainingRunSaysWhereItsCheckpointIsAndHowToResume(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Process p = java(tmp, "train", "--run-dir", run.toString(), "--model.n_ctx=12", "--model.d_vocab=12",
                "--train.steps=100000", "--train.checkpoint_every=20", "--train.eval_every=100000",
                "--train.eval_size=20");
        waitFor(() -> Files.exists(run.resolve("checkpoint.bin")), p, tmp);
        signal(p, "TERM"); // Ctrl-C's SIGINT runs the same shutdown hooks, but may be ignored in a background job
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(143, p.exitValue());
        String log = Files.readString(tmp.resolve("log"));
        assertTrue(log.matches("(?s).*sortlens: interrupted; the checkpoint of step \\d+ \\(or later\\) is in "
                + java.util.regex.Pattern.quote(run.resolve("checkpoint.bin").toString())
                + "; continue with the same command plus --resume.*"), log);
    }

    @Test
    void anInterruptedRenderLeavesNoBuildFolder(@TempDir Path tmp) throws Exception {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Path out = tmp.resolve("site");
        List<String> args = new ArrayList<>(List.of("render", "--run-dir", run.toString(), "--out", out.toString()));
        args.addAll(List.of(TinyRun.args()));
        Process p = java(tmp, args.toArray(String[]::new));
        waitFor(() -> buildFolders(tmp).findAny().isPresent(), p, tmp);
        signal(p, "TERM");
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(143, p.exitValue(), Files.readString(tmp.resolve("log")));
        assertEquals(0, buildFolders(tmp).count(), Files.readString(tmp.resolve("log")));
        assertFalse(Files.exists(out));
    }

    // ---- the About page's command ----

    @Test
    void theRegenerateCommandGivesBackTheSameConfigThroughShellAndMaven(@TempDir Path tmp) throws Exception {
        for (String title : List.of("It's a 'single' quote", "say \"hi\" & $HOME `x` !", "both ' and \" here",
                "cost ${user.home}")) {
            List<String> args = new ArrayList<>(List.of(TinyRun.args()));
            args.replaceAll(a -> a.startsWith("--report.title=") ? "--report.title=" + title : a);
            RunConfig config = ConfigKeys.resolve(null, overrides(args));
            Path run = TinyRun.copyTo(tmp.resolve("run-" + Math.abs(title.hashCode())));
            String command = io.github.sortlens.report.AboutPageAccess.command(run, config);
            List<String> words = shellWords(tmp, command);
            List<String> cli;
            if (words.get(0).equals("mvn")) {
                assertEquals("site", words.get(1), command);
                assertTrue(words.get(2).startsWith("-Dreport.args="), command);
                cli = execPluginSplit(words.get(2).substring("-Dreport.args=".length()));
            } else {
                assertEquals(List.of("java", "-jar", "target/sortlens.jar", "all", "--resume"), words.subList(0, 5),
                        command);
                cli = words.subList(5, words.size());
            }
            RunConfig back = ConfigKeys.resolve(null, overrides(cli.stream().filter(a -> !a.startsWith("--out")
                    && !a.equals("target/site")).toList()));
            assertEquals(ConfigKeys.toMap(config), ConfigKeys.toMap(back), command);
        }
    }

    /** The words bash makes of a command line (every expansion bash would do). */
    private static List<String> shellWords(Path tmp, String command) throws Exception {
        Path script = Files.writeString(tmp.resolve("words.sh"), "set -f\nprint() { printf '%s\\0' \"$@\"; }\n"
                + "print " + command + "\n");
        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return new ArrayList<>(Arrays.asList(out.split("\0")));
    }

    /**
     * How exec-maven-plugin splits {@code commandlineArgs} (plexus-utils {@code CommandLineUtils.translateCommandline}):
     * at spaces outside '...' and "...", quotes removed, no escapes.
     */
    private static List<String> execPluginSplit(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (c == ' ') {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        assertEquals(0, quote, "unbalanced quotes in " + line);
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    // ---- helpers ----

    private static Map<String, String> overrides(List<String> args) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String a : args) {
            m.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return m;
    }

    /** Runs Main with the tiny run's config after the given words. */
    private static int tiny(String... head) {
        String[] tail = TinyRun.args();
        String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return Main.run(all);
    }

    private void assertOneLine(String expected) {
        String msg = err.toString(StandardCharsets.UTF_8);
        List<String> lines = msg.lines().filter(l -> !l.startsWith("sortlens: warning:")).toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        assertTrue(last.startsWith("sortlens: ") && last.contains(expected), "expected '" + expected + "' in: " + msg);
        assertFalse(msg.contains("\tat "), "a stack trace: " + msg);
    }

    private static Process java(Path tmp, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
    }

    private static void signal(Process p, String signal) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
    }

    private static void waitFor(java.util.function.BooleanSupplier ready, Process p, Path tmp) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (!ready.getAsBoolean() && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(10);
        }
        assertTrue(p.isAlive() && ready.getAsBoolean(), "not ready: " + Files.readString(tmp.resolve("log")));
    }

    private static Stream<Path> buildFolders(Path dir) {
        try {
            return Files.list(dir).filter(f -> f.getFileName().toString().contains(".building-")).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> snapshot(Path root) {
        return TreeSnapshot.of(root);
    }
}
