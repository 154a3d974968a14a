package io.github.sortlens.train;

import io.github.sortlens.config.RunConfig;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.TrainableModel;
import io.github.sortlens.model.Weights;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Measures training speed on a config: warm-up steps (the JIT compiler is busy for seconds), then timed steps.
 * Figures, never assertions: a benchmark prints, a test asserts behaviour.
 */
public final class TrainingBenchmark {

    /**
     * @param msMedian      median wall time of one training step
     * @param msP90         90th percentile
     * @param stepsPerSecond 1000 / mean step time
     * @param jvmToFirstStepSeconds from JVM start to the end of the first training step
     * @param peakRssMb     peak resident memory of this process so far (VmHWM)
     * @param cpuMsPerStep  CPU time of the training thread per timed step (ND4J runs its one compute thread there):
     *                      on a busy machine this moves far less than wall time
     */
    public record Result(int batchSize, int nCtx, int warmupSteps, int timedSteps, double msMedian, double msP90,
                         double stepsPerSecond, double jvmToFirstStepSeconds, double peakRssMb, double cpuMsPerStep) {
    }

    private TrainingBenchmark() {
    }

    public static Result run(RunConfig config, int warmup, int timed) {
        TrainableModel model = new TrainableModel(Weights.init(config.model(),
                SplitMix64.derive(config.train().seed(), Trainer.INIT_STREAM)));
        AdamOptimizer adam = new AdamOptimizer(config.train().lr(), model);
        StepRunner runner = new StepRunner(config, model, adam,
                SplitMix64.derive(config.train().seed(), Trainer.DATA_STREAM));
        runner.step(0);
        double firstStep = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        for (int i = 1; i < warmup; i++) {
            runner.step(i);
        }
        double[] ms = new double[timed];
        double total = 0;
        long cpu0 = threadCpuNanos();
        for (int i = 0; i < timed; i++) {
            long t0 = System.nanoTime();
            runner.step(warmup + i);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            total += ms[i];
        }
        double cpuMs = (threadCpuNanos() - cpu0) / 1e6 / timed;
        Arrays.sort(ms);
        return new Result(config.train().batchSize(), config.model().nCtx(), warmup, timed, ms[timed / 2],
                ms[(int) Math.min(timed - 1, Math.round(timed * 0.9))], 1000 * timed / total, firstStep, peakRssMb(),
                cpuMs);
    }

    /** CPU time of the calling thread, in ns. */
    static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Peak resident set size of this process in MiB (Linux), or -1 where /proc is not available. */
    public static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
