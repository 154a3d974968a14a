package io.github.sortlens.cli;

import io.github.sortlens.analysis.AnalysisFiles;
import io.github.sortlens.analysis.AnalysisMeta;
import io.github.sortlens.testing.CapturedStderr;
import io.github.sortlens.testing.TinyRun;
import io.github.sortlens.train.Manifest;
import io.github.sortlens.train.RunDirectory;
import io.github.sortlens.util.Json;
import io.github.sortlens.util.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code analyse} (and so {@code all} and {@code mvn site}) reuses results stamped with the same weights file,
 * analysis keys and code, and computes them again when any of those differs or a result file does not read back.
 */
class AnalysisReuseTest {

    @RegisterExtension
    final CapturedStderr err = new CapturedStderr();

    @Test
    void theSameWeightsAndCodeReuseTheResultsAndAnythingElseComputesThemAgain(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        RunDirectory dir = new RunDirectory(run);
        Manifest manifest = Json.read(dir.manifest(), Manifest.class);
        Json.writeFile(dir.manifest(), manifest.withWeightsSha256(Sha256.ofFile(dir.weights())));
        Path evaluation = AnalysisFiles.directory(run).resolve(AnalysisFiles.EVALUATION);

        assertEquals(0, analyse(run), err.toString());
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("reusing the analysis"), "the test run's results"
                + " record no weights file, so they are computed again: " + err);
        AnalysisMeta stamp = AnalysisFiles.readMetaIfValid(run);
        assertNotNull(stamp.weightsSha256());
        assertNotNull(stamp.code());
        String computed = Files.readString(evaluation);

        err.reset();
        assertEquals(0, analyse(run), err.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("reusing the analysis"), err.toString());
        assertEquals(computed, Files.readString(evaluation));

        Files.writeString(evaluation, computed.replaceFirst("\"tokenAccuracy\" : [^,]+", "\"tokenAccuracy\" : 1.5"));
        err.reset();
        assertEquals(0, analyse(run), err.toString());
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("reusing the analysis"), "a damaged file: " + err);
        assertEquals(computed, Files.readString(evaluation), "the same weights give the same results");

        err.reset();
        assertEquals(0, analyse(run, "--analysis.random_examples=31"), err.toString());
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("reusing the analysis"), "another key: " + err);
    }

    private static int analyse(Path run, String... extra) {
        List<String> args = new ArrayList<>(List.of("analyse", "--run-dir", run.toString()));
        for (String arg : TinyRun.args()) { // an extra --key=value replaces the tiny run's
            String key = arg.substring(0, arg.indexOf('=') + 1);
            if (java.util.Arrays.stream(extra).noneMatch(e -> e.startsWith(key))) {
                args.add(arg);
            }
        }
        args.addAll(List.of(extra));
        return Main.run(args.toArray(String[]::new));
    }
}
