package io.github.sortlens.analysis;

import io.github.sortlens.config.RunConfig;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.Weights;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times the whole suite on the default config and prints each analysis's wall time, the total, the JSON writing
 * and the peak heap. Weights are freshly initialised (the timing depends on shapes, not values). Not a test: run
 * {@code mvn -B -q compile exec:java -Dexec.mainClass=io.github.sortlens.analysis.AnalysisBenchmark} with
 * {@code OMP_NUM_THREADS=1}. An optional argument is a directory to write the JSON into (default: a temp dir).
 */
public final class AnalysisBenchmark {

    private AnalysisBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        RunConfig config = RunConfig.DEFAULTS;
        Weights weights = Weights.init(config.model(), SplitMix64.derive(config.train().seed(), "benchmark"));
        long start = System.nanoTime();
        AnalysisResults results = AnalysisSuite.run(config, weights,
                (name, nanos) -> System.out.printf("%-16s %8.2f s%n", name, nanos / 1e9));
        long analysed = System.nanoTime();
        Path runDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("sortlens-bench");
        AnalysisFiles.write(runDir, results);
        long written = System.nanoTime();
        System.out.printf("%-16s %8.2f s%n", "write-json", (written - analysed) / 1e9);
        System.out.printf("%-16s %8.2f s  (held-out %d, examples %d)%n", "total", (written - start) / 1e9,
                config.analysis().heldOutSize(), results.examples().size());
        Runtime rt = Runtime.getRuntime();
        System.out.printf("heap used %d MB of max %d MB; results in %s%n",
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20, AnalysisFiles.directory(runDir));
    }
}
