package io.github.sortlens.testing;

import io.github.sortlens.analysis.AnalysisFiles;
import io.github.sortlens.analysis.AnalysisResults;
import io.github.sortlens.analysis.AnalysisSuite;
import io.github.sortlens.analysis.ModelRunner;
import io.github.sortlens.config.ConfigKeys;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.train.Backend;
import io.github.sortlens.train.Manifest;
import io.github.sortlens.train.RunDirectory;
import io.github.sortlens.train.Snapshots;
import io.github.sortlens.train.Trainer;
import io.github.sortlens.train.TrainingProgress;
import io.github.sortlens.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real, small run directory shared by the report and render tests: the default model trained for a few hundred
 * steps with the real {@link Trainer}, analysed by the real {@link AnalysisSuite} on a small held-out set, with a
 * manifest, and a hostile title to prove escaping. Built once per JVM (about 10 s) under
 * {@code target/test-runs/tiny}; rebuilt when its config changes.
 */
public final class TinyRun {

    /** A run title that must show as text, never run. */
    public static final String HOSTILE_TITLE = "<script>alert(1)</script> & \"sorting\"";

    private static final Map<String, String> OVERRIDES = new LinkedHashMap<>();

    static {
        OVERRIDES.put("train.steps", "300");
        OVERRIDES.put("train.eval_every", "100");
        OVERRIDES.put("train.eval_size", "200");
        OVERRIDES.put("train.checkpoint_every", "300");
        OVERRIDES.put("train.snapshot_every", "50");
        OVERRIDES.put("analysis.held_out_size", "300");
        OVERRIDES.put("analysis.dynamics_size", "100");
        OVERRIDES.put("analysis.random_examples", "32");
        OVERRIDES.put("analysis.worst_examples", "10");
        OVERRIDES.put("report.title", HOSTILE_TITLE);
        OVERRIDES.put("report.base_url", "https://example.org/sortlens/");
    }

    private static Path dir;

    private TinyRun() {
    }

    /** The tiny run's config as command-line overrides, for tests that run {@code Main} on it. */
    public static String[] args() {
        return OVERRIDES.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /** A private copy of the tiny run directory (trained and analysed), for tests that damage or lock it. */
    public static Path copyTo(Path target) {
        return copyTree(get(), target);
    }

    /**
     * Copies every file and folder below {@code source} into {@code target} (created as needed; a file already there
     * is an error) and returns {@code target}.
     */
    public static Path copyTree(Path source, Path target) {
        try (var walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
        return target;
    }

    public static RunConfig config() {
        return ConfigKeys.resolve(null, OVERRIDES);
    }

    /** The run directory, trained and analysed on first use. */
    public static synchronized Path get() {
        if (dir != null) {
            return dir;
        }
        RunConfig config = config();
        Path root = Path.of("target", "test-runs", "tiny").toAbsolutePath();
        RunDirectory run = new RunDirectory(root);
        String text = ConfigKeys.toText(config);
        try {
            boolean fresh = Files.exists(run.config()) && Files.readString(run.config()).equals(text)
                    && Files.isDirectory(AnalysisFiles.directory(root)) && Files.exists(run.manifest())
                    && Json.read(run.manifest(), Manifest.class).snapshotSha256() != null
                    && AnalysisFiles.read(AnalysisFiles.directory(root), AnalysisFiles.META,
                    io.github.sortlens.analysis.AnalysisMeta.class).format()
                    == io.github.sortlens.analysis.AnalysisMeta.FORMAT;
            if (!fresh) {
                build(config, root, run, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the tiny test run in " + root, e);
        }
        dir = root;
        return dir;
    }

    private static void build(RunConfig config, Path root, RunDirectory run, String text) throws IOException {
        if (Files.exists(root)) {
            try (var walk = Files.walk(root)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(root);
        Backend.start();
        Trainer.Result r = new Trainer(config, run, TrainingProgress.silent()).run(false);
        AnalysisResults results = AnalysisSuite.run(config, r.weights(),
                Snapshots.read(run, config.train(), config.model()), AnalysisSuite.Progress.NONE,
                ModelRunner.DEFAULT_CHUNK);
        AnalysisFiles.write(root, results);
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("sortlens", "test");
        versions.put("java", "17");
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("train", 1.5);
        seconds.put("analysis", 2.5);
        // fixed provenance (not this machine's backend and step time), so that the golden pages can hold it
        Backend.Info backend = new Backend.Info("CPU", "OPENBLAS", "test device, 2 cores", "1.0.0-M2.1");
        Json.writeFile(run.manifest(), new Manifest(config.train().seed(), Trainer.configHash(config), versions,
                backend, "0000000000000000000000000000000000000000", seconds, 12.5, r.stepsRun(), null,
                Snapshots.sha256(run), "2026-11-30T12:00:00Z"));
    }
}
