package io.github.sortlens.cli;

import io.github.sortlens.analysis.AnalysisFiles;
import io.github.sortlens.analysis.AnalysisMeta;
import io.github.sortlens.analysis.AnalysisResults;
import io.github.sortlens.analysis.AnalysisSuite;
import io.github.sortlens.analysis.ModelRunner;
import io.github.sortlens.config.ConfigException;
import io.github.sortlens.config.ConfigKeys;
import io.github.sortlens.render.PreviewCards;
import io.github.sortlens.render.OutputFolder;
import io.github.sortlens.render.SiteRenderer;
import io.github.sortlens.report.RunData;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.train.Backend;
import io.github.sortlens.train.EnsembleTrainer;
import io.github.sortlens.train.Manifest;
import io.github.sortlens.train.ManifestCheck;
import io.github.sortlens.train.RunDirectory;
import io.github.sortlens.train.RunDirectoryRule;
import io.github.sortlens.train.RunLock;
import io.github.sortlens.train.Snapshots;
import io.github.sortlens.train.Trainer;
import io.github.sortlens.train.TrainingProgress;
import io.github.sortlens.train.WeightsNpz;
import io.github.sortlens.model.Weights;
import io.github.sortlens.util.CodeFingerprint;
import io.github.sortlens.util.Json;
import io.github.sortlens.util.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The one place that wires the stages: config, then train, analyse and render as the command asks. */
final class Pipeline {

    static final String VERSION = "0.1.0";

    private final Arguments args;
    private final RunConfig config;
    private final RunDirectory dir;
    /** With --seeds: one config and run directory per seed, trained together; else empty. */
    private final List<RunConfig> ensembleConfigs = new ArrayList<>();
    private final List<RunDirectory> ensembleDirs = new ArrayList<>();

    Pipeline(Arguments args) {
        this.args = args;
        this.config = CommandConfig.resolve(args);
        Path root = args.runDir() != null ? args.runDir() : defaultRunDir(config);
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new ConfigException("--run-dir " + root + " is a file; it must be a folder (new or a run directory)");
        }
        this.dir = new RunDirectory(root);
        if (!args.seeds().isEmpty()) {
            resolveEnsemble();
        }
    }

    /**
     * One config per --seeds entry (validated as train.seed), and its run directory: the seed's default run directory
     * (where a solo run of that seed goes, so later commands with --train.seed reuse it), or
     * {@code <--run-dir>/seed-<seed>}.
     */
    private void resolveEnsemble() {
        if (args.overrides().containsKey("train.seed")) {
            throw new ConfigException("give the seeds either with --seeds or with --train.seed, not both");
        }
        for (String seed : args.seeds()) {
            Map<String, String> overrides = new LinkedHashMap<>(args.overrides());
            overrides.put("train.seed", seed.strip());
            RunConfig c;
            try {
                c = ConfigKeys.resolve(args.configFile(), overrides);
            } catch (ConfigException e) {
                throw new ConfigException("--seeds " + String.join(",", args.seeds()) + ": " + e.getMessage());
            }
            for (RunConfig earlier : ensembleConfigs) {
                if (earlier.train().seed() == c.train().seed()) {
                    throw new ConfigException("--seeds: seed " + c.train().seed() + " is given twice; each model needs"
                            + " its own seed");
                }
            }
            Path root = args.runDir() != null ? args.runDir().resolve("seed-" + c.train().seed()) : defaultRunDir(c);
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new ConfigException("run directory " + root + " is a file; it must be a folder");
            }
            ensembleConfigs.add(c);
            ensembleDirs.add(new RunDirectory(root));
        }
    }

    void run() {
        if (args.command().equals("render") || args.command().equals("all")) {
            OutputFolder.check(out(), dir.root()); // before hours of training, and again when the site is moved in
        }
        Backend.Info backend = Backend.start();
        switch (args.command()) {
            case "train" -> {
                if (!ensembleConfigs.isEmpty()) {
                    trainTogether(ensembleConfigs, ensembleDirs, backend, args.resume(),
                            "the same command plus --resume");
                } else {
                    RunDirectoryRule.claim(dir, config);
                    try (RunLock lock = RunLock.acquire(dir)) {
                        train(backend);
                    }
                }
            }
            case "analyse" -> {
                requireTrained(config, dir); // before the lock: a missing or unfinished run is not created or touched
                AnalysisFiles.requireOwnFolder(dir.root()); // before hours of analysis, and again when written
                try (RunLock lock = RunLock.acquire(dir)) {
                    analyse(config, dir);
                }
            }
            case "render" -> render();
            case "all" -> {
                RunDirectoryRule.claim(dir, config);
                try (RunLock lock = RunLock.acquire(dir)) {
                    train(backend);
                    analyse(config, dir);
                    render();
                }
            }
            case "bench" -> bench();
            default -> throw new IllegalStateException("Arguments accepted an unknown command " + args.command());
        }
    }

    /**
     * Checks the run directory holds a finished run trained under this config, with every file the later stages
     * read, and returns its manifest. Reads only: nothing is written before this passes.
     */
    static Manifest requireTrained(RunConfig config, RunDirectory dir) {
        int step = Trainer.checkpointStep(config, dir);
        int steps = config.train().steps();
        if (step < 0) {
            throw new IllegalArgumentException("run directory " + dir.root() + " has no trained model (no "
                    + dir.checkpoint().getFileName() + "): run the train command first");
        }
        if (step < steps) {
            throw new IllegalArgumentException("run directory " + dir.root() + " holds an unfinished run (step " + step
                    + " of " + steps + "): continue it with train --resume");
        }
        Path missing = Trainer.missingOutput(dir);
        if (missing == null && !Files.isRegularFile(dir.manifest())) {
            missing = dir.manifest();
        }
        if (missing != null) {
            throw new IllegalArgumentException("run directory " + dir.root() + " finished training (step " + steps
                    + ") but " + missing.getFileName() + " is missing: run train --resume to rewrite the outputs"
                    + " from the checkpoint");
        }
        Manifest manifest = Json.read(dir.manifest(), Manifest.class);
        String problem = ManifestCheck.problem(config, dir, manifest);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return manifest;
    }

    static void analyse(RunConfig config, RunDirectory dir) {
        Manifest manifest = requireTrained(config, dir);
        AnalysisFiles.requireOwnFolder(dir.root());
        AnalysisMeta stamp = AnalysisMeta.of(config.train().seed(), config.model(), config.analysis())
                .from(manifest.weightsSha256(), codeFingerprint(manifest));
        if (stamp.reusable(AnalysisFiles.readMetaIfValid(dir.root()))) {
            System.err.println("sortlens: reusing the analysis in " + AnalysisFiles.directory(dir.root())
                    + " (the same weights, analysis keys and code)");
            return;
        }
        Weights weights = WeightsNpz.read(dir.weights(), config.model());
        System.err.println("sortlens: analysing " + dir.root());
        long start = System.nanoTime();
        Path previous = AnalysisFiles.directory(dir.root());
        String interrupted = "sortlens: interrupted while analysing " + dir.root() + "; " + (Files.isDirectory(previous)
                ? "the previous results in " + previous + " are unchanged" : "no results were written");
        Thread onInterrupt = new Thread(() -> System.err.println(interrupted), "sortlens-analyse-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            List<Snapshots.Entry> snapshots = Snapshots.read(dir, config.train(), config.model());
            AnalysisResults results = AnalysisSuite.run(config, weights, snapshots, (name, nanos) ->
                    System.err.printf(Locale.ROOT, "sortlens:   %-16s %6.2f s%n", name, nanos / 1e9),
                    ModelRunner.DEFAULT_CHUNK);
            AnalysisFiles.write(dir.root(), results.withMeta(stamp)); // meta.json: the keys, weights and code
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // interrupted: the hook is saying so
            }
        }
        Json.writeFile(dir.manifest(), manifest.withStage("analysis", (System.nanoTime() - start) / 1e9));
    }

    /**
     * What computed an analysis: sortlens' own classes and the library versions the run recorded (a rebuild from the
     * same source gives the same fingerprint; a changed class or library, another).
     */
    static String codeFingerprint(Manifest manifest) {
        String classes = CodeFingerprint.of(Pipeline.class, "io/github/sortlens/");
        return classes == null ? null : Sha256.ofText(classes + "\n" + new java.util.TreeMap<>(manifest.versions()));
    }

    private void render() {
        requireTrained(config, dir);
        if (!Files.isDirectory(dir.analysis())) {
            throw new IllegalArgumentException("run directory " + dir.root() + " has no analysis results: run the"
                    + " analyse command first");
        }
        Path out = out();
        long start = System.nanoTime();
        new SiteRenderer(PreviewCards.forSite(config.report().baseUrl()), buildCommit())
                .render(RunData.load(dir.root(), config), out);
        System.err.printf(Locale.ROOT, "sortlens: rendered the report in %.1f s: %s%n", (System.nanoTime() - start) / 1e9,
                out.toAbsolutePath().resolve("index.html").toUri());
    }

    private void train(Backend.Info backend) {
        if (isReusable(config, dir)) {
            System.err.println("sortlens: reusing the trained model in " + dir.root());
            return;
        }
        System.err.println("sortlens: training into " + dir.root());
        Trainer trainer = new Trainer(config, dir, TrainingProgress.forStderr());
        Thread onInterrupt = new Thread(() -> System.err.println(interruptedLine(trainer.lastCheckpointStep())),
                "sortlens-train-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        Trainer.Result r;
        try {
            r = trainer.run(args.resume());
        } catch (UncheckedIOException e) { // a full disk, say: the checkpoint written before it is intact
            throw new UncheckedIOException(e.getMessage() + "; " + stoppedLine(trainer.lastCheckpointStep()),
                    e.getCause());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // interrupted: the hook is saying where the checkpoint is
            }
        }
        writeManifest(config, dir, r, backend, "");
    }

    /**
     * Trains one model per --seeds entry together in one graph ({@link EnsembleTrainer}), each into its own run
     * directory, as a solo train of that seed would; a seed whose run is already finished is reused, not retrained.
     *
     * @param howToContinue what an interrupted user runs to go on, e.g. "the same command plus --resume"
     */
    static void trainTogether(List<RunConfig> ensembleConfigs, List<RunDirectory> ensembleDirs,
                              Backend.Info backend, boolean resume, String howToContinue) {
        List<RunLock> locks = new ArrayList<>();
        try {
            for (int m = 0; m < ensembleDirs.size(); m++) { // every folder checked before any is marked
                RunDirectoryRule.check(ensembleDirs.get(m), ensembleConfigs.get(m));
            }
            for (int m = 0; m < ensembleDirs.size(); m++) {
                RunDirectoryRule.claim(ensembleDirs.get(m), ensembleConfigs.get(m));
            }
            for (RunDirectory d : ensembleDirs) {
                locks.add(RunLock.acquire(d));
            }
            List<RunConfig> configs = new ArrayList<>();
            List<RunDirectory> dirs = new ArrayList<>();
            for (int m = 0; m < ensembleConfigs.size(); m++) {
                if (isReusable(ensembleConfigs.get(m), ensembleDirs.get(m))) {
                    System.err.println("sortlens: seed " + ensembleConfigs.get(m).train().seed()
                            + ": reusing the trained model in " + ensembleDirs.get(m).root());
                } else {
                    configs.add(ensembleConfigs.get(m));
                    dirs.add(ensembleDirs.get(m));
                }
            }
            if (configs.isEmpty()) {
                return;
            }
            System.err.println("sortlens: training " + configs.size() + " models together into "
                    + dirs.stream().map(d -> d.root().toString()).collect(Collectors.joining(", ")));
            EnsembleTrainer trainer = new EnsembleTrainer(configs, dirs, TrainingProgress.forStderr());
            Thread onInterrupt = new Thread(() -> System.err.println(trainer.lastCheckpointStep() > 0
                    ? "sortlens: interrupted; the checkpoints of step " + trainer.lastCheckpointStep() + " (or later)"
                            + " are in the run directories above; continue with " + howToContinue
                    : "sortlens: interrupted before the first checkpoint; nothing to resume, training will start over"),
                    "sortlens-train-interrupted");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            List<Trainer.Result> results;
            try {
                results = trainer.run(resume);
            } catch (UncheckedIOException e) { // a full disk, say: the checkpoints written before it are intact
                throw new UncheckedIOException(e.getMessage() + "; " + (trainer.lastCheckpointStep() > 0
                        ? "the checkpoints of step " + trainer.lastCheckpointStep() + " are in the run directories"
                                + " above; continue with " + howToContinue + " once that is fixed"
                        : "no checkpoint was written yet; training will start over"), e.getCause());
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    // interrupted: the hook is saying where the checkpoints are
                }
            }
            for (int m = 0; m < configs.size(); m++) {
                writeManifest(configs.get(m), dirs.get(m), results.get(m), backend,
                        "seed " + configs.get(m).train().seed() + ": ");
            }
        } finally {
            for (RunLock lock : locks) {
                lock.close();
            }
        }
    }

    /** A finished run of this config whose weights are the ones training wrote. */
    private static boolean isReusable(RunConfig c, RunDirectory d) {
        if (!Trainer.isComplete(c, d) || !Files.isRegularFile(d.manifest())) {
            return false;
        }
        return ManifestCheck.problem(c, d, Json.read(d.manifest(), Manifest.class)) == null;
    }

    /**
     * Writes the run's manifest after training (keeping the timings of a finished run whose outputs were only
     * rewritten) and prints the one-line summary.
     */
    private static void writeManifest(RunConfig config, RunDirectory dir, Trainer.Result r, Backend.Info backend,
                               String who) {
        Manifest previous = Files.isRegularFile(dir.manifest()) ? Json.read(dir.manifest(), Manifest.class) : null;
        Manifest manifest;
        if (r.stepsRun() == 0 && previous != null && previous.seed() == config.train().seed()
                && configHash(config).equals(previous.configHash())) {
            manifest = previous.withWeightsSha256(sha256(dir.weights())) // outputs restored: timings stay
                    .withSnapshotSha256(Snapshots.sha256(dir));
            System.err.println("sortlens: " + who + "rewrote the outputs of the finished run from its checkpoint");
        } else {
            Map<String, Double> seconds = new LinkedHashMap<>();
            if (r.stepsRun() > 0) {
                seconds.put("train", r.seconds());
            }
            manifest = new Manifest(config.train().seed(), configHash(config), versions(), backend, gitCommit(), seconds,
                    r.msPerStep(), r.stepsRun(), sha256(dir.weights()), Snapshots.sha256(dir), Manifest.now());
        }
        Json.writeFile(dir.manifest(), manifest);
        System.err.printf(Locale.ROOT, "sortlens: %strained %d steps in %.1f s (%.2f ms/step); held-out accuracy %.2f%%,"
                        + " fully sorted %.2f%% on %d sequences%n", who, r.stepsRun(), r.seconds(), r.msPerStep(),
                100 * r.heldOut().accuracy(), 100 * r.heldOut().fullySorted(), r.heldOut().sequences());
    }

    private Path out() {
        return args.out() != null ? args.out() : Path.of("target", "site");
    }

    /** What a training run stopped by a failure adds to it: where its checkpoint is and how to continue. */
    private String stoppedLine(int step) {
        return step > 0
                ? "the checkpoint of step " + step + " is in " + dir.checkpoint() + "; continue with the same command"
                        + " plus --resume once that is fixed"
                : "no checkpoint was written yet; training will start over";
    }

    /** What an interrupted training run says on its way out: where its checkpoint is and how to continue. */
    private String interruptedLine(int step) {
        return step > 0
                ? "sortlens: interrupted; the checkpoint of step " + step + " (or later) is in " + dir.checkpoint()
                        + "; continue with the same command plus --resume (mvn site resumes by itself)"
                : "sortlens: interrupted before the first checkpoint; nothing to resume, training will start over";
    }

    /** Hex SHA-256 of a file's bytes. */
    static String sha256(Path file) {
        return Sha256.ofFile(file);
    }

    private void bench() {
        new Benchmark(config, dir, System.out).run();
    }

    static Path defaultRunDir(RunConfig config) {
        return Path.of(System.getProperty("user.home"), ".cache", "sortlens", "runs", configHash(config));
    }

    /** First 16 hex digits of the SHA-256 of the model and train keys. */
    static String configHash(RunConfig config) {
        return Trainer.configHash(config);
    }

    private static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("sortlens", VERSION);
        v.put("java", System.getProperty("java.version"));
        v.put("nd4j", "1.0.0-M2.1");
        return v;
    }

    /**
     * The commit this build was made from, as the build bundled it ({@code about/commit.txt}, pom.xml), or "unknown":
     * the same wherever the program runs, unlike the working directory's git.
     */
    static String buildCommit() {
        try (java.io.InputStream in = Pipeline.class.getResourceAsStream("/about/commit.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled about/commit.txt: " + e.getMessage(), e);
        }
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
