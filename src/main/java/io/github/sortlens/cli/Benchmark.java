package io.github.sortlens.cli;

import io.github.sortlens.analysis.AnalysisFiles;
import io.github.sortlens.analysis.AnalysisResults;
import io.github.sortlens.analysis.AnalysisSuite;
import io.github.sortlens.analysis.ModelRunner;
import io.github.sortlens.config.ConfigKeys;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.config.TrainConfig;
import io.github.sortlens.render.PreviewCards;
import io.github.sortlens.render.SiteRenderer;
import io.github.sortlens.train.EnsembleBenchmark;
import io.github.sortlens.train.RunDirectory;
import io.github.sortlens.train.Trainer;
import io.github.sortlens.train.TrainingBenchmark;
import io.github.sortlens.train.Snapshots;
import io.github.sortlens.train.WeightsNpz;
import io.github.sortlens.util.AtomicFiles;
import io.github.sortlens.util.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code bench} command: training speed on the config, how the step time grows with batch size and sequence
 * length, and (given a trained run directory) the analysis suite's and the renderer's wall times. Prints a table and
 * one JSON line, so that commits can be compared.
 */
final class Benchmark {

    /** Models per graph measured by {@link #ensembles}. */
    static final int[] ENSEMBLE_SIZES = {1, 2, 4, 8, 16};

    private final RunConfig config;
    private final RunDirectory dir;
    private final PrintStream out;

    Benchmark(RunConfig config, RunDirectory dir, PrintStream out) {
        this.config = config;
        this.dir = dir;
        this.out = out;
    }

    void run() {
        Map<String, Object> json = new LinkedHashMap<>();
        out.printf(Locale.ROOT, "machine: %s%n", loadAverage());
        TrainingBenchmark.Result main = TrainingBenchmark.run(config, 2000, 3000);
        json.put("training", main);
        out.printf(Locale.ROOT, "training, batch %d, n_ctx %d (2000 warm-up steps, 3000 timed)%n", main.batchSize(),
                main.nCtx());
        out.printf(Locale.ROOT, "  median ms/step            %8.3f%n", main.msMedian());
        out.printf(Locale.ROOT, "  p90 ms/step               %8.3f%n", main.msP90());
        out.printf(Locale.ROOT, "  CPU ms/step (this thread) %8.3f%n", main.cpuMsPerStep());
        out.printf(Locale.ROOT, "  steps/s                   %8.1f%n", main.stepsPerSecond());
        out.printf(Locale.ROOT, "  JVM start to first step   %8.2f s%n", main.jvmToFirstStepSeconds());
        out.printf(Locale.ROOT, "  peak RSS so far           %8.1f MiB%n", main.peakRssMb());
        TrainingBenchmark.Breakdown b = main.breakdown();
        out.printf(Locale.ROOT, "  one step taken apart (%d more steps, each call timed): %d native calls and %d Java"
                + " kernels, %.3f ms in them, %.3f ms outside them%n", b.steps(), b.nativeCalls(), b.javaKernels(),
                b.msInOps(), b.msOutsideOps());
        out.printf(Locale.ROOT, "    calls by op: %s%n", b.callsByOp());
        out.printf(Locale.ROOT, "    the plan's largest difference from SameDiff's step, checked when it was compiled:"
                + " %.2g of an array's largest value (allowed: %.0g)%n", b.differenceFromSameDiff(),
                io.github.sortlens.model.TrainableModel.PLAN_TOLERANCE);
        out.printf(Locale.ROOT, "    ms by op: %s%n".replace(": %s", ":%n      %s"), b.msByOp().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining("\n      ")));
        Map<String, Double> threads = TrainingBenchmark.cpuSecondsByThreadKind();
        json.put("cpuSecondsByThreadKind", threads);
        out.printf(Locale.ROOT, "  CPU s of this process so far, by thread: %s%n", threads.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining(", ")));

        double[] torch = versusPyTorch(main, json);
        ensembles(torch, json);

        out.println("scaling (500 warm-up steps, 500 timed): batch  n_ctx  d_vocab  median ms/step  p90");
        Map<String, TrainingBenchmark.Result> scaling = new LinkedHashMap<>();
        int[][] shapes = {{16, 42, 32}, {64, 42, 32}, {256, 42, 32}, {16, 102, 52}};
        for (int[] s : shapes) {
            RunConfig c = resized(s[0], s[1], s[2]);
            TrainingBenchmark.Result r = TrainingBenchmark.run(c, 500, 500);
            scaling.put("batch" + s[0] + "_nctx" + s[1], r);
            out.printf(Locale.ROOT, "%44d  %5d  %7d  %14.3f  %6.3f%n", s[0], s[1], s[2], r.msMedian(), r.msP90());
        }
        json.put("scaling", scaling);

        if (Trainer.isComplete(config, dir)) {
            Map<String, Double> stages = stages();
            json.put("stagesSeconds", stages);
            stages.forEach((k, v) -> out.printf(Locale.ROOT, "  %-32s %8.2f %s%n", k, v, k.endsWith("(MB)") ? "" : "s"));
        } else {
            out.println("  analysis and render not timed: no finished run of this config in " + dir.root()
                    + " (run `all` first)");
        }
        double rss = TrainingBenchmark.peakRssMb();
        json.put("peakRssMb", rss);
        out.printf(Locale.ROOT, "  peak RSS of the whole benchmark %8.1f MiB%n", rss);
        out.printf(Locale.ROOT, "machine at the end: %s%n", loadAverage());
        out.println(Json.writeCompact(json));
    }

    /**
     * sortlens' single run beside the PyTorch reference loop, alternating (sortlens, PyTorch, sortlens, PyTorch) so
     * that load from other processes falls on both; CPU time per step too, which moves far less than wall time on a
     * busy machine. Returns PyTorch's median and CPU ms/step over both rounds, or null when there is no python3 with
     * torch.
     */
    private double[] versusPyTorch(TrainingBenchmark.Result first, Map<String, Object> json) {
        StringBuilder why = new StringBuilder();
        PyTorchReference torch = PyTorchReference.find(why);
        if (torch == null) {
            out.println("PyTorch reference loop: skipped, " + why);
            json.put("pytorch", why.toString());
            return null;
        }
        PyTorchReference.Timing t1 = torch.time(config, 2000, 3000);
        TrainingBenchmark.Result second = TrainingBenchmark.run(config, 500, 3000);
        PyTorchReference.Timing t2 = torch.time(config, 500, 3000);
        out.printf(Locale.ROOT, "single run beside the PyTorch reference loop (%s, torch %s, 1 thread each;"
                + " rounds alternate)%n", torch.python(), t1.torchVersion());
        out.println("  round  sortlens ms/step: median  p90      CPU   PyTorch ms/step: median  p90      CPU"
                + "   sortlens / PyTorch: wall  CPU");
        row(1, first, t1);
        row(2, second, t2);
        double sortlens = (first.msMedian() + second.msMedian()) / 2;
        double pytorch = (t1.msMedian() + t2.msMedian()) / 2;
        double sortlensCpu = (first.cpuMsPerStep() + second.cpuMsPerStep()) / 2;
        double pytorchCpu = (t1.cpuMsPerStep() + t2.cpuMsPerStep()) / 2;
        out.printf(Locale.ROOT, "  both                    %8.3f           %8.3f                   %8.3f           %8.3f"
                + "                       %6.2fx  %5.2fx%n", sortlens, sortlensCpu, pytorch, pytorchCpu,
                sortlens / pytorch, sortlensCpu / pytorchCpu);
        out.printf(Locale.ROOT, "  peak RSS: PyTorch process %.1f MiB, this JVM so far %.1f MiB%n",
                Math.max(t1.peakRssMb(), t2.peakRssMb()), TrainingBenchmark.peakRssMb());
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("python", torch.python());
        j.put("rounds", java.util.List.of(t1, t2));
        j.put("sortlensSecondRound", second);
        j.put("sortlensMsMedian", sortlens);
        j.put("pytorchMsMedian", pytorch);
        j.put("ratio", sortlens / pytorch);
        j.put("sortlensCpuMsPerStep", sortlensCpu);
        j.put("pytorchCpuMsPerStep", pytorchCpu);
        j.put("cpuRatio", sortlensCpu / pytorchCpu);
        json.put("pytorch", j);
        return new double[] {pytorch, pytorchCpu};
    }

    private void row(int round, TrainingBenchmark.Result r, PyTorchReference.Timing t) {
        out.printf(Locale.ROOT, "  %-5d                   %8.3f  %8.3f %8.3f                %8.3f  %8.3f %8.3f"
                        + "                       %6.2fx  %5.2fx%n", round, r.msMedian(), r.msP90(), r.cpuMsPerStep(),
                t.msMedian(), t.msP90(), t.cpuMsPerStep(), r.msMedian() / t.msMedian(),
                r.cpuMsPerStep() / t.cpuMsPerStep());
    }

    /** K models of this config in one graph, K ascending: time per ensemble step and per model, and memory. */
    private void ensembles(double[] torch, Map<String, Object> json) {
        out.println("K models in one graph (seeds seed .. seed+K-1; 200 warm-up steps, 300 timed; K ascending, so the"
                + " peak RSS is that of the largest K so far)");
        out.println("  K   ms/step  p90      per-model ms/step  per-model CPU ms"
                + (torch == null ? "" : "  per model / PyTorch single: wall  CPU") + "  RSS MiB  peak RSS MiB");
        Map<String, EnsembleBenchmark.Result> results = new LinkedHashMap<>();
        for (int k : ENSEMBLE_SIZES) {
            EnsembleBenchmark.Result r = EnsembleBenchmark.run(config, k, 200, 300);
            results.put("K" + k, r);
            out.printf(Locale.ROOT, "  %-2d  %7.3f  %7.3f  %17.3f  %16.3f%s  %7.1f  %12.1f%n", k, r.msMedian(),
                    r.msP90(), r.msPerModel(), r.cpuMsPerModel(), torch == null ? ""
                            : String.format(Locale.ROOT, "  %31.2fx  %4.2fx", r.msPerModel() / torch[0],
                                    r.cpuMsPerModel() / torch[1]),
                    r.rssMb(), r.peakRssMb());
        }
        json.put("ensembles", results);
    }

    /** The load average, so that figures from a busy machine are read as such. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.format(Locale.ROOT, "%d cores, load average %s %s %s (1, 5, 15 min)",
                    Runtime.getRuntime().availableProcessors(), f[0], f[1], f[2]);
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors() + " cores, load average unknown";
        }
    }

    /** Times the analysis suite and the site render on a copy of the trained run directory. */
    private Map<String, Double> stages() {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("sortlens-bench-");
            RunDirectory copy = new RunDirectory(tmp.resolve("run"));
            Files.createDirectories(copy.root());
            for (Path p : new Path[] {dir.config(), dir.historyJson(), dir.heldOut(), dir.manifest(), dir.weights()}) {
                if (Files.exists(p)) {
                    Files.copy(p, copy.root().resolve(p.getFileName()));
                }
            }
            AtomicFiles.writeString(copy.config(), ConfigKeys.toText(config));
            Map<String, Double> seconds = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            AnalysisResults results = AnalysisSuite.run(config, WeightsNpz.read(dir.weights(), config.model()),
                    Snapshots.read(dir, config.train(), config.model()),
                    (name, nanos) -> seconds.put("analysis." + name, nanos / 1e9), ModelRunner.DEFAULT_CHUNK);
            AnalysisFiles.write(copy.root(), results);
            seconds.put("analysis (total, with writing)", (System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            Path site = tmp.resolve("site");
            new SiteRenderer(new PreviewCards()).render(copy.root(), site);
            seconds.put("render", (System.nanoTime() - t1) / 1e9);
            try (Stream<Path> files = Files.walk(site)) {
                seconds.put("site size (MB)", files.filter(Files::isRegularFile).mapToLong(Benchmark::size).sum() / 1e6);
            }
            return seconds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RunConfig resized(int batch, int nCtx, int dVocab) {
        ModelConfig m = config.model();
        TrainConfig t = config.train();
        return new RunConfig(new ModelConfig(m.dModel(), m.dHead(), m.nHeads(), m.nLayers(), nCtx, dVocab),
                new TrainConfig(batch, t.steps(), t.lr(), t.seed(), t.logEvery(), t.evalEvery(), t.evalSize(),
                        t.checkpointEvery(), t.snapshotEvery()), config.analysis(), config.report());
    }
}
