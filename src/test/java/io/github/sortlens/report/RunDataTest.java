package io.github.sortlens.report;

import io.github.sortlens.config.ConfigKeys;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.testing.TinyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The config a run is presented under: training's record for the model and train keys, the analysis' for its own; a
 * run is presented only with its analysis.
 */
class RunDataTest {

    @Test
    void theAnalysisKeysAreTheAnalysisRecord(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Path config = run.resolve("config.properties");
        Files.writeString(config, Files.readString(config).replace("analysis.held_out_size=300",
                "analysis.held_out_size=5000"));   // what training recorded, not what the analysis was run with
        assertEquals(TinyRun.config().analysis(), RunData.load(run).config().analysis());
        assertEquals(TinyRun.config().analysis(), RunData.load(run, TinyRun.config()).config().analysis());
    }

    @Test
    void aRunDirectoryWrittenBeforeReportSweepDirExistedStillLoads(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Path config = run.resolve("config.properties");
        String text = Files.readString(config);
        assertTrue(text.contains("report.sweep_dir="), text);
        Files.writeString(config, text.replaceAll("report\\.sweep_dir=.*\\n", ""));
        assertEquals("", RunData.load(run).config().report().sweepDir());
    }

    @Test
    void analysisKeysOtherThanTheAnalysedOnesAreRefused(@TempDir Path tmp) {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Map<String, String> asked = ConfigKeys.toMap(TinyRun.config());
        asked.put(ConfigKeys.HELD_OUT_SIZE.name(), "400");
        RunConfig other = ConfigKeys.build(asked);
        ReportException e = assertThrows(ReportException.class, () -> RunData.load(run, other));
        assertTrue(e.getMessage().contains("analysis.held_out_size=300, not 400"), e.getMessage());
    }

    @Test
    void anAnalysisOfAnotherSeedIsRefused(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        Path meta = run.resolve("analysis/meta.json");
        Files.writeString(meta, Files.readString(meta).replace("\"seed\" : 123", "\"seed\" : 124"));
        ReportException e = assertThrows(ReportException.class, () -> RunData.load(run));
        assertTrue(e.getMessage().contains("analysis results of another model or seed"), e.getMessage());
    }

    @Test
    void aRunWithoutItsAnalysisIsRefusedNamingTheCommandToRun(@TempDir Path tmp) throws IOException {
        Path run = TinyRun.copyTo(tmp.resolve("run"));
        try (java.util.stream.Stream<Path> files = Files.walk(run.resolve("analysis"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        ReportException e = assertThrows(ReportException.class, () -> RunData.load(run));
        assertEquals("run directory " + run + " has no analysis results: run the analyse command first",
                e.getMessage());
    }
}
