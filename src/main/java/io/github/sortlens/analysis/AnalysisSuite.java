package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Weights;
import io.github.sortlens.train.HeldOutEvaluator;
import io.github.sortlens.train.Snapshots;
import io.github.sortlens.train.Trainer;
import io.github.sortlens.util.Parallel;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs every analysis on trained weights, in dependency order: held-out evaluation (which finds the worst
 * sequences), the example set, one cached run of the examples shared by the per-example analyses, the weight
 * circuits, then the ablations and patching (which run the model many times).
 */
public final class AnalysisSuite {

    /** Told when each analysis finishes, with its wall time: for progress output and the benchmark. */
    @FunctionalInterface
    public interface Progress {
        void finished(String analysis, long nanos);

        Progress NONE = (analysis, nanos) -> { };
    }

    private AnalysisSuite() {
    }

    public static AnalysisResults run(RunConfig config, Weights weights) {
        return run(config, weights, Progress.NONE);
    }

    public static AnalysisResults run(RunConfig config, Weights weights, Progress progress) {
        return run(config, weights, progress, ModelRunner.DEFAULT_CHUNK);
    }

    public static AnalysisResults run(RunConfig config, Weights weights, Progress progress, int chunkSize) {
        return run(config, weights, List.of(), progress, chunkSize);
    }

    /**
     * Runs every analysis; with training snapshots (ascending by step, the last one the final weights), also the
     * training dynamics.
     */
    public static AnalysisResults run(RunConfig config, Weights weights, List<Snapshots.Entry> snapshots,
                                      Progress progress, int chunkSize) {
        requireMatching(config.model(), weights.config());
        ModelConfig c = config.model();
        long seed = config.train().seed();
        ModelRunner runner = new ModelRunner(weights, chunkSize);
        Timer timer = new Timer(progress);

        int[][] heldOut = new SortingTask(c).randomSequences(SplitMix64.derive(seed, HeldOutEvaluator.HELD_OUT_STREAM),
                config.analysis().heldOutSize());
        EvaluationResult evaluation = timer.time("evaluation", () -> new HeldOutEvaluation(c)
                .evaluate(runner.score(heldOut, ModelRunner.ChunkInterventions.NONE),
                        config.analysis().worstExamples()));
        ExampleSet examples = timer.time("examples", () -> new ExampleSetBuilder(c)
                .build(seed, config.analysis(), heldOut, evaluation.worstIndices()));
        ActivationCache cache = timer.time("example-run", () -> runner.run(examples.tokens(), List.of(Hook.values())));
        PredictionsResult predictions = timer.time("predictions", () -> PredictedVsActual.compute(examples,
                runner.scores(examples.tokens(), cache.logits())));
        CacheCatalogueResult catalogue = timer.time("cache-catalogue", () -> CacheCatalogue.compute(c, cache));
        CircuitsResult circuits = timer.time("circuits", () -> new WeightCircuits(c).compute(weights));
        BaselineResult baselines = timer.time("baselines", () -> baselines(config, weights, snapshots,
                Arrays.copyOf(heldOut, config.analysis().dynamicsSize())));
        AttributionResult attribution = timer.time("attribution",
                () -> new DirectLogitAttribution(weights).compute(examples, cache));
        HeatmapsResult heatmaps = timer.time("heatmaps", () -> TokenHeatmaps.compute(c, examples, cache.logits()));
        AttentionResult attention = timer.time("attention",
                () -> AttentionPatterns.compute(c, examples, cache.get(Hook.PATTERN)));
        // Ablations and the mechanism are independent single-threaded stages: on two threads (each with its own
        // model graphs) they take the longer one's time, with the serial run's results.
        List<Object> pair = timer.timeTogether(List.of("ablations", "mechanism"), List.of(
                () -> new Ablations(runner, seed).compute(heldOut),
                () -> new Mechanism(Parallel.threads() > 1 ? new ModelRunner(weights, chunkSize) : runner)
                        .compute(heldOut)));
        AblationResult ablations = (AblationResult) pair.get(0);
        MechanismResult mechanism = (MechanismResult) pair.get(1);
        PatchingResult patching = timer.time("patching",
                () -> new ActivationPatching(runner, seed).compute(examples, heldOut));
        DynamicsResult dynamics = snapshots.isEmpty() ? null : timer.time("dynamics", () -> dynamics(config,
                snapshots, Arrays.copyOf(heldOut, config.analysis().dynamicsSize()),
                followedExample(examples).tokens(), MainHead.of(mechanism)));
        return new AnalysisResults(AnalysisMeta.of(seed, c, config.analysis()), examples, evaluation, predictions,
                catalogue, circuits, attribution, heatmaps, attention, ablations, patching, mechanism, dynamics,
                baselines);
    }

    /**
     * The circuit baselines; the untrained model is the run's step-0 snapshot when it kept one, else the
     * initialisation re-derived from the seed exactly as the trainer derives it.
     */
    private static BaselineResult baselines(RunConfig config, Weights weights, List<Snapshots.Entry> snapshots,
                                            int[][] heldOut) {
        long seed = config.train().seed();
        boolean snapshot = !snapshots.isEmpty() && snapshots.get(0).step() == 0;
        Weights untrained = snapshot ? snapshots.get(0).weights()
                : Weights.init(config.model(), SplitMix64.derive(seed, Trainer.INIT_STREAM));
        String source = snapshot ? "the step-0 snapshot" : "the initialisation re-derived from seed " + seed;
        return new CircuitBaselines(config.model()).compute(weights, untrained, source, heldOut, seed);
    }

    /** The example whose attention the dynamics follow: the first random one (curated ones are edge cases). */
    private static Example followedExample(ExampleSet examples) {
        return examples.examples().stream().filter(e -> e.kind().equals(Example.RANDOM)).findFirst()
                .orElse(examples.examples().get(0));
    }

    /** Circuits are kept at this many snapshots at most, so the report can scrub through them within its budget. */
    static final int CIRCUIT_SNAPSHOTS = 12;

    /** Sequences the reconstruction is measured on at every snapshot (the first of the dynamics set). */
    static final int RECONSTRUCTION_SEQUENCES = 100;

    private static DynamicsResult dynamics(RunConfig config, List<Snapshots.Entry> snapshots,
                                           int[][] heldOut, int[] example, int head) {
        DynamicsResult measured = new TrainingDynamics(config.model(), head).compute(snapshots, heldOut, example,
                CIRCUIT_SNAPSHOTS);
        return measured.withMeasures(new ReconstructionDynamics(config.model()).measures(snapshots,
                Arrays.copyOf(heldOut, Math.min(heldOut.length, RECONSTRUCTION_SEQUENCES))));
    }

    /** The weights must be of the configured shape: a run directory whose config and checkpoint disagree is an error. */
    static void requireMatching(ModelConfig configured, ModelConfig ofWeights) {
        if (!configured.equals(ofWeights)) {
            throw new IllegalArgumentException("the run's config describes the model " + configured
                    + " but the weights are of " + ofWeights + ": the config does not match the checkpoint");
        }
    }

    private record Timer(Progress progress) {
        <T> T time(String name, Supplier<T> analysis) {
            long start = System.nanoTime();
            T result = analysis.get();
            progress.finished(name, System.nanoTime() - start);
            return result;
        }

        /**
         * Independent stages on {@link Parallel#threads()} threads; each is reported with its own wall time, in the
         * given order, once all have finished.
         */
        List<Object> timeTogether(List<String> names, List<Supplier<?>> stages) {
            long[] nanos = new long[stages.size()];
            List<Integer> indices = java.util.stream.IntStream.range(0, stages.size()).boxed().toList();
            List<Object> results = Parallel.map(indices, Parallel.threads(), i -> {
                long start = System.nanoTime();
                Object result = stages.get(i).get();
                nanos[i] = System.nanoTime() - start;
                return result;
            });
            for (int i = 0; i < names.size(); i++) {
                progress.finished(names.get(i), nanos[i]);
            }
            return results;
        }
    }
}
