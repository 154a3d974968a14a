package io.github.sortlens.cli;

import io.github.sortlens.testing.CapturedStderr;
import io.github.sortlens.testing.TinyRun;
import io.github.sortlens.train.Manifest;
import io.github.sortlens.train.RunDirectory;
import io.github.sortlens.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code render} reads back from a run directory is checked before it is shown: an edited analysis file, or
 * weights and manifest copied in from another run, stop the render with one line naming the file and the field,
 * never a page that shows a wrong number as if it were right, and never a parser's own message.
 */
class ReadBackTest {

    @RegisterExtension
    final CapturedStderr err = new CapturedStderr();

    @Test
    void anEditedEvaluationFileIsRefusedNamingTheField(@TempDir Path tmp) throws IOException {
        List<Edit> edits = List.of(
                new Edit("tokenAccuracy", j -> j.replaceFirst("\"tokenAccuracy\" : [^,]+", "\"tokenAccuracy\" : \"NaN\"")),
                new Edit("tokenAccuracy", j -> j.replaceFirst("\"tokenAccuracy\" : [^,]+", "\"tokenAccuracy\" : 1.5")),
                new Edit("fractionFullySorted", j -> j.replaceFirst("\"fractionFullySorted\" : [^,]+",
                        "\"fractionFullySorted\" : -0.2")),
                new Edit("meanLoss", j -> j.replaceFirst("\"meanLoss\" : [^,]+", "\"meanLoss\" : 1e400")),
                new Edit("meanLoss", j -> j.replaceFirst("\"meanLoss\" : [^,]+", "\"meanLoss\" : NaN")),
                new Edit("accuracyByPosition", j -> j.replaceFirst("(\"accuracyByPosition\" : \\[)\\s*[^,]+,", "$1")),
                new Edit("surprise", j -> j.replaceFirst("\\{", "{ \"surprise\" : 1,")));
        int n = 0;
        for (Edit edit : edits) {
            Path run = TinyRun.copyTo(tmp.resolve("run-" + n++));
            Path file = run.resolve("analysis").resolve("evaluation.json");
            String edited = edit.change().apply(Files.readString(file));
            assertNotEquals(Files.readString(file), edited, "the edit did not apply: " + edit.field());
            Files.writeString(file, edited);
            err.reset();
            assertNotEquals(0, render(run, tmp.resolve("site")), edit.field() + ": " + err);
            String msg = err.toString(StandardCharsets.UTF_8);
            String last = lastLine(msg);
            assertTrue(last.contains("evaluation.json") && last.contains(edit.field()) && last.contains("analyse"),
                    edit.field() + ": " + msg);
            for (String internal : List.of("JsonReadFeature", "com.fasterxml", "io.github", "\tat ")) {
                assertFalse(msg.contains(internal), edit.field() + " shows " + internal + ": " + msg);
            }
            assertFalse(Files.exists(tmp.resolve("site")), "a site was rendered from " + edit.field());
        }
    }

    @Test
    void weightsAndManifestFromAnotherRunAreNoticed(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        RunDirectory dir = new RunDirectory(run);
        Manifest m = Json.read(dir.manifest(), Manifest.class);
        String text = Files.readString(dir.manifest());

        Files.writeString(dir.manifest(), text.replaceFirst("\"seed\" ?: ?\\d+", "\"seed\" : " + (m.seed() + 1)));
        assertRefusedSaying(run, tmp, "seed");

        Files.writeString(dir.manifest(), text.replace(m.configHash(), "fedcba9876543210"));
        assertRefusedSaying(run, tmp, "config hash");

        // another run's weights with a manifest that vouches for them: the last snapshot tells them apart
        Files.copy(dir.snapshot(0), dir.weights(), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.manifest(), text);
        Json.writeFile(dir.manifest(), m.withWeightsSha256(Pipeline.sha256(dir.weights())));
        assertRefusedSaying(run, tmp, "snapshot");
    }

    /** The run's other JSON files (manifest, history, held-out metrics) say what is wrong in words, too. */
    @Test
    void anEditedRunFileNamesTheFieldNotTheParser(@TempDir Path tmp) throws IOException {
        for (String name : List.of("manifest.json", "heldout.json")) {
            Path run = TinyRun.copyTo(tmp.resolve("run-" + name));
            Path file = run.resolve(name);
            String text = Files.readString(file);
            String edited = text.replaceFirst("(\"[a-zA-Z]+\" : )[0-9][0-9.eE+-]*", "$1NaN");
            assertNotEquals(text, edited, name);
            Files.writeString(file, edited);
            err.reset();
            assertNotEquals(0, render(run, tmp.resolve("site")), name + ": " + err);
            String msg = err.toString(StandardCharsets.UTF_8);
            assertTrue(lastLine(msg).contains(name) && lastLine(msg).contains("field "), msg);
            for (String internal : List.of("JsonReadFeature", "com.fasterxml", "io.github", "\tat ")) {
                assertFalse(msg.contains(internal), name + " shows " + internal + ": " + msg);
            }
        }
    }

    @Test
    void aReplacedSnapshotIsNoticedByItsHash(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        RunDirectory dir = new RunDirectory(run);
        Files.copy(dir.snapshot(0), dir.snapshot(50), StandardCopyOption.REPLACE_EXISTING);
        List<String> args = new ArrayList<>(List.of("analyse", "--run-dir", run.toString()));
        args.addAll(List.of(TinyRun.args()));
        assertEquals(1, Main.run(args.toArray(String[]::new)), err.toString());
        assertTrue(lastLine(err.toString()).contains(dir.snapshot(50).getFileName().toString()), err.toString());
    }

    private void assertRefusedSaying(Path run, Path tmp, String what) {
        err.reset();
        assertNotEquals(0, render(run, tmp.resolve("site")), what + ": " + err);
        String last = lastLine(err.toString());
        assertTrue(last.contains("manifest.json") || last.contains("weights.npz"), last);
        assertTrue(last.contains(what), "expected '" + what + "' in: " + err);
        assertFalse(Files.exists(tmp.resolve("site")));
    }

    private record Edit(String field, UnaryOperator<String> change) {
    }

    private static int render(Path run, Path out) {
        List<String> args = new ArrayList<>(List.of("render", "--run-dir", run.toString(), "--out", out.toString()));
        args.addAll(List.of(TinyRun.args()));
        return Main.run(args.toArray(String[]::new));
    }

    private static String lastLine(String msg) {
        List<String> lines = msg.lines().filter(l -> !l.startsWith("sortlens: warning:")).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
