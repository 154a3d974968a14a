package io.github.sortlens.train;

import io.github.sortlens.config.RunConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.EnsembleModel;
import io.github.sortlens.model.Scoring;
import io.github.sortlens.model.Weights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures K models trained in one graph ({@link EnsembleModel}): the time of one ensemble step (draw K batches,
 * forward and backward, one Adam update of all K) and its share per model. Figures, never assertions.
 */
public final class EnsembleBenchmark {

    /**
     * @param models          K
     * @param warmupSteps     untimed steps first (the JIT compiler is busy for seconds)
     * @param timedSteps      steps timed
     * @param msMedian        median wall time of one ensemble step
     * @param msP90           90th percentile
     * @param msPerModel      {@code msMedian / K}: what one model's step costs inside the ensemble
     * @param rssMb           resident memory right after the timed steps (VmRSS)
     * @param peakRssMb       peak resident memory of this process so far (VmHWM)
     * @param cpuMsPerModel   CPU time of the training thread per timed step, divided by K
     */
    public record Result(int models, int warmupSteps, int timedSteps, double msMedian, double msP90,
                         double msPerModel, double rssMb, double peakRssMb, double cpuMsPerModel) {
    }

    private EnsembleBenchmark() {
    }

    /** K models with the seeds {@code seed, seed + 1, ...} of the config, each on its own data stream. */
    public static Result run(RunConfig config, int models, int warmup, int timed) {
        List<Weights> init = new ArrayList<>();
        List<SplitMix64> streams = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            long seed = config.train().seed() + m;
            init.add(Weights.init(config.model(), SplitMix64.derive(seed, Trainer.INIT_STREAM)));
            streams.add(SplitMix64.derive(seed, Trainer.DATA_STREAM));
        }
        EnsembleModel model = new EnsembleModel(init);
        AdamOptimizer adam = new AdamOptimizer(config.train().lr(), model);
        SortingTask task = new SortingTask(config.model());
        Scoring scoring = new Scoring(config.model());
        int batch = config.train().batchSize();
        int[][][] tokens = new int[models][][];
        double[] ms = new double[timed];
        long cpu0 = 0;
        for (int i = 0; i < warmup + timed; i++) {
            if (i == warmup) {
                cpu0 = TrainingBenchmark.threadCpuNanos();
            }
            long t0 = System.nanoTime();
            for (int m = 0; m < models; m++) {
                tokens[m] = task.randomSequences(streams.get(m), batch);
            }
            EnsembleModel.Step s = model.step(tokens);
            adam.apply(i);
            for (int m = 0; m < models; m++) {
                scoring.score(tokens[m], s.logits().get(m)).accuracy(); // the trainer logs it every step
            }
            if (i >= warmup) {
                ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double cpuMs = (TrainingBenchmark.threadCpuNanos() - cpu0) / 1e6 / timed;
        Arrays.sort(ms);
        double median = ms[timed / 2];
        return new Result(models, warmup, timed, median, ms[(int) Math.min(timed - 1, Math.round(timed * 0.9))],
                median / models, rssMb(), TrainingBenchmark.peakRssMb(), cpuMs / models);
    }

    /** Resident memory of this process now, in MiB (Linux), or -1 where /proc is not available. */
    static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
