package io.github.sortlens.cli;

import io.github.sortlens.analysis.AnalysisFiles;
import io.github.sortlens.analysis.AnalysisResults;
import io.github.sortlens.analysis.AnalysisSuite;
import io.github.sortlens.config.ConfigKeys;
import io.github.sortlens.render.PreviewCards;
import io.github.sortlens.render.SiteRenderer;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.train.Backend;
import io.github.sortlens.train.Manifest;
import io.github.sortlens.train.RunDirectory;
import io.github.sortlens.train.Trainer;
import io.github.sortlens.train.TrainingProgress;
import io.github.sortlens.train.WeightsNpz;
import io.github.sortlens.model.Weights;
import io.github.sortlens.util.AtomicFiles;
import io.github.sortlens.util.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The one place that wires the stages: config, then train, analyse and render as the command asks. */
final class Pipeline {

    static final String VERSION = "0.1.0";

    private final Arguments args;
    private final RunConfig config;
    private final RunDirectory dir;

    Pipeline(Arguments args) {
        this.args = args;
        this.config = ConfigKeys.resolve(args.configFile(), args.overrides());
        this.dir = new RunDirectory(args.runDir() != null ? args.runDir() : defaultRunDir(config));
    }

    void run() {
        Backend.Info backend = Backend.start();
        switch (args.command()) {
            case "train" -> train(backend);
            case "analyse" -> analyse();
            case "render" -> render();
            case "all" -> {
                train(backend);
                analyse();
                render();
            }
            case "bench" -> bench();
            default -> throw new IllegalStateException("Arguments accepted an unknown command " + args.command());
        }
    }

    /** Checks the run directory holds a finished run trained under this config. */
    private void requireTrained() {
        if (!Files.exists(dir.checkpoint())) {
            throw new IllegalArgumentException("run directory " + dir.root() + " has no trained model (no "
                    + dir.checkpoint().getFileName() + "): run the train command first");
        }
        if (!Trainer.isComplete(config, dir)) {
            throw new IllegalArgumentException("run directory " + dir.root() + " holds an unfinished run: "
                    + "continue it with train --resume");
        }
    }

    private void analyse() {
        requireTrained();
        Weights weights = WeightsNpz.read(dir.weights(), config.model());
        System.err.println("sortlens: analysing " + dir.root());
        long start = System.nanoTime();
        AnalysisResults results = AnalysisSuite.run(config, weights, (name, nanos) ->
                System.err.printf(Locale.ROOT, "sortlens:   %-16s %6.2f s%n", name, nanos / 1e9));
        AnalysisFiles.write(dir.root(), results);
        AtomicFiles.writeString(dir.config(), ConfigKeys.toText(config));
        recordStage("analysis", (System.nanoTime() - start) / 1e9);
    }

    private void render() {
        requireTrained();
        if (!Files.isDirectory(dir.analysis())) {
            throw new IllegalArgumentException("run directory " + dir.root() + " has no analysis results: run the"
                    + " analyse command first");
        }
        AtomicFiles.writeString(dir.config(), ConfigKeys.toText(config));
        Path out = args.out() != null ? args.out() : Path.of("target", "site");
        long start = System.nanoTime();
        new SiteRenderer(new PreviewCards()).render(dir.root(), out);
        System.err.printf(Locale.ROOT, "sortlens: rendered the report in %.1f s: %s%n", (System.nanoTime() - start) / 1e9,
                out.toAbsolutePath().resolve("index.html").toUri());
    }

    /** Adds a stage's wall time to the manifest. */
    private void recordStage(String stage, double seconds) {
        Manifest m = Json.read(dir.manifest(), Manifest.class);
        Map<String, Double> times = new LinkedHashMap<>(m.stageSeconds());
        times.put(stage, seconds);
        Json.writeFile(dir.manifest(), new Manifest(m.seed(), m.configHash(), m.versions(), m.backend(), m.gitCommit(),
                times, m.msPerStep(), m.stepsRun()));
    }

    private void train(Backend.Info backend) {
        if (Trainer.isComplete(config, dir)) {
            System.err.println("sortlens: reusing the trained model in " + dir.root());
            return;
        }
        System.err.println("sortlens: training into " + dir.root());
        Trainer.Result r = new Trainer(config, dir, TrainingProgress.forStderr()).run(args.resume());
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("train", r.seconds());
        Json.writeFile(dir.manifest(), new Manifest(config.train().seed(), configHash(config), versions(), backend,
                gitCommit(), seconds, r.msPerStep(), r.stepsRun()));
        System.err.printf(Locale.ROOT, "sortlens: trained %d steps in %.1f s (%.2f ms/step); held-out accuracy %.2f%%,"
                        + " fully sorted %.2f%% on %d sequences%n", r.stepsRun(), r.seconds(), r.msPerStep(),
                100 * r.heldOut().accuracy(), 100 * r.heldOut().fullySorted(), r.heldOut().sequences());
    }

    private void bench() {
        new Benchmark(config, dir, System.out).run();
    }

    static Path defaultRunDir(RunConfig config) {
        return Path.of(System.getProperty("user.home"), ".cache", "sortlens", "runs", configHash(config));
    }

    /** First 16 hex digits of the SHA-256 of the model and train keys. */
    static String configHash(RunConfig config) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(Trainer.trainingConfigText(config).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("sortlens", VERSION);
        v.put("java", System.getProperty("java.version"));
        v.put("nd4j", "1.0.0-M2.1");
        return v;
    }

    private static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

}
