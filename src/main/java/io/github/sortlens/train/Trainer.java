package io.github.sortlens.train;

import io.github.sortlens.config.ConfigKeys;
import io.github.sortlens.config.RunConfig;
import io.github.sortlens.config.TrainConfig;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.TrainableModel;
import io.github.sortlens.model.Weights;
import io.github.sortlens.util.AtomicFiles;
import io.github.sortlens.util.Json;

import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

/**
 * Trains the model on fresh batches with Adam, logging mean training loss and accuracy every {@code log_every}
 * steps, evaluating on held-out sequences every {@code eval_every} steps and checkpointing every
 * {@code checkpoint_every} steps. Everything random comes from streams derived from the one seed, and the whole
 * state is in the checkpoint, so a resumed run ends with exactly the weights of an uninterrupted one.
 */
public final class Trainer {

    /** Stream names under the one seed. */
    static final String DATA_STREAM = "train-data";
    public static final String INIT_STREAM = "init";

    private final RunConfig config;
    private final RunDirectory dir;
    private final TrainingProgress progress;
    private volatile int lastCheckpointStep;

    public Trainer(RunConfig config, RunDirectory dir, TrainingProgress progress) {
        this.config = config;
        this.dir = dir;
        this.progress = progress;
    }

    /** What training produced; also written to the run directory. */
    public record Result(Weights weights, TrainingHistory history, HeldOutMetrics heldOut, double seconds,
                         double msPerStep, int stepsRun) {
    }

    /**
     * The model and train keys that a checkpoint must match to be resumed, and the arithmetic the step runs
     * ({@link TrainableModel#ARITHMETIC}): the same keys trained by another arithmetic are another run, since its
     * weights differ in the last bits and then, over thousands of steps, more.
     */
    public static String trainingConfigText(RunConfig config) {
        return ConfigKeys.trainingText(config) + "arithmetic=" + TrainableModel.ARITHMETIC + "\n";
    }

    /** First 16 hex digits of the SHA-256 of the training config text: names the default run directory. */
    public static String configHash(RunConfig config) {
        return io.github.sortlens.util.Sha256.ofText(trainingConfigText(config)).substring(0, 16);
    }

    /** True when the run directory holds a finished run of this config with all its outputs. */
    public static boolean isComplete(RunConfig config, RunDirectory dir) {
        return missingOutput(dir) == null && checkpointStep(config, dir) == config.train().steps();
    }

    /** The step of the run directory's checkpoint under this config, or -1 when there is none. */
    public static int checkpointStep(RunConfig config, RunDirectory dir) {
        if (!Files.exists(dir.checkpoint())) {
            return -1;
        }
        return CheckpointFile.read(dir.checkpoint(), config.model(), trainingConfigText(config)).step();
    }

    /** The first output of a finished training run that is missing, or null when all are there. */
    public static java.nio.file.Path missingOutput(RunDirectory dir) {
        for (java.nio.file.Path p : List.of(dir.weights(), dir.heldOut(), dir.historyJson(),
                dir.historyCsv())) {
            if (!Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The step of the last checkpoint this trainer wrote (or started from); 0 before any. */
    public int lastCheckpointStep() {
        return lastCheckpointStep;
    }

    /**
     * Trains from scratch, or from the run directory's checkpoint when {@code resume} is set. Refuses to overwrite
     * an unfinished run unless resuming.
     */
    public Result run(boolean resume) {
        return run(resume, config.train().steps());
    }

    /**
     * As {@link #run(boolean)}, but stops (as an interruption would) once {@code stopAt} steps are done: the
     * checkpoint then holds the last {@code checkpoint_every} boundary. For tests of resume.
     */
    Result run(boolean resume, int stopAt) {
        TrainConfig t = config.train();
        String configText = trainingConfigText(config);
        Checkpoint start = start(config, dir, configText, resume);

        TrainableModel model = new TrainableModel(start.weights());
        AdamOptimizer adam = new AdamOptimizer(t.lr(), model);
        if (!start.adamState().isEmpty()) {
            adam.restore(start.adamState());
        }
        SplitMix64 data = new SplitMix64(start.dataRngState());
        StepRunner runner = new StepRunner(config, model, adam, data);
        TrainingHistory history = new TrainingHistory(start.history().train(), start.history().heldOut());
        HeldOutEvaluator evaluator = new HeldOutEvaluator(config, t.evalSize());
        int first = start.step();
        lastCheckpointStep = first;
        if (first > 0) {
            progress.row(String.format(Locale.ROOT, "resuming at step %d of %d", first, t.steps()));
        }
        if (first == 0 && t.snapshotAt(0)) {
            WeightsNpz.write(model.snapshot(), dir.snapshot(0));
        }

        long startNanos = System.nanoTime();
        TrainingListener.LogWindow log = new TrainingListener.LogWindow(t, start.window(), history, progress);
        TrainingListener.Evaluation evaluation = new TrainingListener.Evaluation(t, evaluator, model::snapshot,
                history, progress);
        TrainingListener snapshots = TrainingListener.snapshots(t, model::snapshot, dir);
        TrainingListener checkpoints = (done, s) -> {
            if (TrainingListener.due(t, done, t.checkpointEvery())) {
                CheckpointFile.write(new Checkpoint(configText, done, data.state(), model.snapshot(), adam.state(),
                        history, log.window()), dir.checkpoint());
                lastCheckpointStep = done;
            }
        };
        TrainingListener rate = (done, s) -> progress.step(done, t.steps(),
                (done - first) / Math.max((System.nanoTime() - startNanos) / 1e9, 1e-9), s.loss());
        List<TrainingListener> listeners = List.of(log, evaluation, snapshots, checkpoints, rate);
        for (int step = first; step < Math.min(t.steps(), stopAt); step++) {
            StepRunner.StepStats s = runner.step(step);
            for (TrainingListener listener : listeners) {
                listener.afterStep(step + 1, s);
            }
        }

        double seconds = (System.nanoTime() - startNanos) / 1e9;
        HeldOutMetrics lastEval = evaluation.last();
        if (stopAt < t.steps()) {
            return new Result(model.snapshot(), history, lastEval, seconds, 0, stopAt - first);
        }
        int ran = t.steps() - first;
        Weights weights = model.snapshot();
        if (lastEval == null) {
            lastEval = evaluator.evaluate(weights, t.steps());
        }
        writeOutputs(weights, history, lastEval);
        return new Result(weights, history, lastEval, seconds, ran == 0 ? 0 : 1000 * seconds / ran, ran);
    }

    /**
     * Where a run starts: its checkpoint (unfinished and resumed, or finished: its outputs are then rewritten from it,
     * never retrained), or, when it has none, step 0 from its seed, with any earlier run's snapshots cleared (a fresh
     * run never mixes them in). Refuses an unfinished run unless resuming.
     */
    static Checkpoint start(RunConfig config, RunDirectory dir, String configText, boolean resume) {
        TrainConfig t = config.train();
        if (Files.exists(dir.checkpoint())) {
            Checkpoint saved = CheckpointFile.read(dir.checkpoint(), config.model(), configText);
            if (!resume && saved.step() < t.steps()) {
                throw new CheckpointException("run directory " + dir.root() + " holds an unfinished run (step "
                        + saved.step() + " of " + t.steps() + "): pass --resume to continue it, or delete the directory");
            }
            return saved;
        }
        Weights init = Weights.init(config.model(), SplitMix64.derive(t.seed(), INIT_STREAM));
        long dataState = SplitMix64.derive(t.seed(), DATA_STREAM).state();
        Snapshots.clear(dir);
        return new Checkpoint(configText, 0, dataState, init, java.util.Map.of(), TrainingHistory.empty(),
                Checkpoint.Window.EMPTY);
    }

    private void writeOutputs(Weights weights, TrainingHistory history, HeldOutMetrics heldOut) {
        writeOutputs(config, dir, weights, history, heldOut);
    }

    /** A finished run's outputs: weights, history (CSV and JSON), final held-out metrics and the resolved config. */
    static void writeOutputs(RunConfig config, RunDirectory dir, Weights weights, TrainingHistory history,
                             HeldOutMetrics heldOut) {
        WeightsNpz.write(weights, dir.weights());
        AtomicFiles.writeString(dir.historyCsv(), history.toCsv());
        Json.writeFile(dir.historyJson(), history);
        Json.writeFile(dir.heldOut(), heldOut);
        AtomicFiles.writeString(dir.config(), ConfigKeys.toText(config));
    }
}
