package io.github.sortlens.train;

import io.github.sortlens.config.RunConfig;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.PlanProfile;
import io.github.sortlens.model.TrainableModel;
import io.github.sortlens.model.Weights;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

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
     * @param breakdown     where a step's time goes, from further steps with each native call timed
     */
    public record Result(int batchSize, int nCtx, int warmupSteps, int timedSteps, double msMedian, double msP90,
                         double stepsPerSecond, double jvmToFirstStepSeconds, double peakRssMb, double cpuMsPerStep,
                         Breakdown breakdown) {
    }

    /**
     * One step taken apart: its native calls (the compiled plan's ops, then Adam's), the mean time inside them and
     * the mean time outside them (batch drawing and one-hot filling, reading the loss and logits, scoring, the
     * Java side of each call), the mean time inside each op's calls, and the plan's largest difference from
     * SameDiff's step when it was checked (relative to each array's largest value). {@code nativeCalls} is 0 when steps ran
     * through SameDiff (no compiled plan).
     */
    public record Breakdown(int steps, int nativeCalls, int javaKernels, Map<String, Integer> callsByOp,
                            double msInOps, double msOutsideOps, Map<String, Double> msByOp,
                            double differenceFromSameDiff) {
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
        Breakdown breakdown = breakdown(model, adam, runner, warmup + timed, Math.min(timed, 500));
        Arrays.sort(ms);
        return new Result(config.train().batchSize(), config.model().nCtx(), warmup, timed, ms[timed / 2],
                ms[(int) Math.min(timed - 1, Math.round(timed * 0.9))], 1000 * timed / total, firstStep, peakRssMb(),
                cpuMs, breakdown);
    }

    private static Breakdown breakdown(TrainableModel model, AdamOptimizer adam, StepRunner runner, int from,
                                       int steps) {
        model.timeOps(true);
        adam.timeOps(true);
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            runner.step(from + i);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / steps;
        long adamNanos = adam.timeOps(false);
        double inOps = (model.timeOps(false) + adamNanos) / 1e6 / steps;
        PlanProfile plan = model.plan();
        Map<String, Double> msByOp = new TreeMap<>();
        if (plan != null) {
            plan.nanosByOp().forEach((op, nanos) -> msByOp.put(op, nanos / 1e6 / steps));
            msByOp.put("Adam (adam_updater and subtract)", adamNanos / 1e6 / steps);
        }
        Map<String, Integer> byOp = new TreeMap<>(plan == null ? Map.of() : plan.byOp());
        byOp.merge("adam_updater", 1, Integer::sum);
        byOp.merge("subtract (Adam's update)", 1, Integer::sum);
        if (plan == null) {
            return new Breakdown(steps, 0, 0, byOp, 0, ms, msByOp, 0);
        }
        return new Breakdown(steps, plan.nativeCalls() + AdamOptimizer.nativeCalls(), plan.javaKernels(), byOp, inOps,
                ms - inOps, msByOp, plan.differenceFromSameDiff());
    }

    /**
     * CPU seconds this process has spent so far, by kind of thread (Linux {@code /proc/self/task}; empty elsewhere):
     * the JVM's own work (JIT compilers, garbage collector, other VM threads) beside the threads that run sortlens.
     */
    public static Map<String, Double> cpuSecondsByThreadKind() {
        Map<String, Double> out = new TreeMap<>();
        long ticks = 100; // USER_HZ on Linux
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) ticks;
                    out.merge(threadKind(name), seconds, Double::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // a thread that ended while being read: its time is gone from /proc, nothing to add
                }
            }
        } catch (java.io.IOException e) {
            return Map.of();
        }
        return out;
    }

    private static String threadKind(String name) {
        if (name.contains("Compiler")) {
            return "JIT compilers";
        }
        if (name.startsWith("GC ") || name.startsWith("G1 ") || name.contains("GC Thread")) {
            return "garbage collector";
        }
        if (name.equals("VM Thread") || name.startsWith("VM ") || name.equals("Service Thread")
                || name.equals("Monitor Deflati") || name.equals("Common-Cleaner") || name.equals("Signal Dispatch")
                || name.equals("Reference Handl") || name.equals("Finalizer") || name.equals("Sweeper thread")) {
            return "other JVM threads";
        }
        return "sortlens and ND4J threads";
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
