package io.github.sortlens.train;

import io.github.sortlens.config.RunConfig;
import io.github.sortlens.config.TrainConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.EnsembleModel;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Scoring;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Trains K models that differ only in their seed as one graph ({@link EnsembleModel}), each into its own run
 * directory. Each model draws its own batches from its own data stream, starts from its own initial weights and has
 * its own Adam state, history, held-out set, snapshots and checkpoint, so its run directory is what {@link Trainer}
 * writes for that seed alone, up to float rounding (the batched matmuls sum in another order): the same files,
 * the same rows, weights within a measured tolerance (see {@code EnsembleTrainerTest}). A member's checkpoint is a
 * solo checkpoint: {@code train --resume} with that seed alone continues it.
 *
 * <p>Why: at this model size a step costs per op, not per number, so K models in one graph cost little more than
 * one. Each model is logged, evaluated and snapshotted by {@link Trainer}'s own listeners.
 */
public final class EnsembleTrainer {

    private final List<RunConfig> configs;
    private final List<RunDirectory> dirs;
    private final TrainingProgress progress;
    private volatile int lastCheckpointStep;

    /**
     * @param configs one per model: the same model and train keys except {@code train.seed}, seeds all different
     * @param dirs    one run directory per model, all different
     */
    public EnsembleTrainer(List<RunConfig> configs, List<RunDirectory> dirs, TrainingProgress progress) {
        requireEnsemble(configs);
        if (dirs.size() != configs.size()) {
            throw new IllegalArgumentException(configs.size() + " configs but " + dirs.size() + " run directories");
        }
        if (new HashSet<>(dirs.stream().map(d -> d.root().toAbsolutePath().normalize()).toList()).size()
                != dirs.size()) {
            throw new IllegalArgumentException("every model of an ensemble needs its own run directory: " + dirs);
        }
        this.configs = List.copyOf(configs);
        this.dirs = List.copyOf(dirs);
        this.progress = progress;
    }

    /**
     * Checks that configs can train as one ensemble: at least one, the same model and train keys apart from the seed,
     * no seed twice. Throws {@link IllegalArgumentException} naming the first difference.
     */
    public static void requireEnsemble(List<RunConfig> configs) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
        RunConfig first = configs.get(0);
        Set<Long> seeds = new HashSet<>();
        for (RunConfig c : configs) {
            if (!seeds.add(c.train().seed())) {
                throw new IllegalArgumentException("seed " + c.train().seed() + " is given twice; each model of an"
                        + " ensemble needs its own seed");
            }
            if (!c.model().equals(first.model()) || !withSeed(c.train(), 0).equals(withSeed(first.train(), 0))) {
                throw new IllegalArgumentException("the models of an ensemble may differ only in train.seed: seed "
                        + c.train().seed() + " has other model or train keys than seed " + first.train().seed());
            }
        }
    }

    /** The same train config under another seed. */
    public static TrainConfig withSeed(TrainConfig t, long seed) {
        return new TrainConfig(t.batchSize(), t.steps(), t.lr(), seed, t.logEvery(), t.evalEvery(), t.evalSize(),
                t.checkpointEvery(), t.snapshotEvery());
    }

    /** The step of the last checkpoints written (or started from); 0 before any. */
    public int lastCheckpointStep() {
        return lastCheckpointStep;
    }

    /**
     * Trains every model from scratch, or all from their checkpoints when {@code resume} is set (they must then all be
     * at the same step). Refuses to overwrite an unfinished run unless resuming. Results are in the order of the
     * configs; each member's {@code seconds} is the ensemble's wall time and its {@code msPerStep} its share of a step
     * (the ensemble's step time / K).
     */
    public List<Trainer.Result> run(boolean resume) {
        return run(resume, configs.get(0).train().steps());
    }

    /** As {@link #run(boolean)}, but stops (as an interruption would) once {@code stopAt} steps are done. */
    List<Trainer.Result> run(boolean resume, int stopAt) {
        TrainConfig t = configs.get(0).train();
        int k = configs.size();
        List<Member> members = members(resume);
        int first = members.get(0).start.step();
        EnsembleModel model = new EnsembleModel(members.stream().map(mb -> mb.start.weights()).toList());
        AdamOptimizer adam = new AdamOptimizer(t.lr(), model);
        for (int m = 0; m < k; m++) {
            if (!members.get(m).start.adamState().isEmpty()) {
                adam.restore(m, members.get(m).start.adamState());
            }
        }
        for (int m = 0; m < k; m++) {
            members.get(m).listen(model, m);
        }
        lastCheckpointStep = first;
        if (first > 0) {
            progress.row(String.format(Locale.ROOT, "resuming %d models at step %d of %d", k, first, t.steps()));
        }
        for (int m = 0; m < k; m++) {
            if (first == 0 && t.snapshotAt(0)) {
                WeightsNpz.write(model.snapshot(m), members.get(m).dir.snapshot(0));
            }
        }
        int[][][] tokens = new int[k][][];
        long startNanos = System.nanoTime();
        int end = Math.min(t.steps(), stopAt);
        for (int step = first; step < end; step++) {
            for (int m = 0; m < k; m++) {
                tokens[m] = members.get(m).nextBatch();
            }
            EnsembleModel.Step s = model.step(tokens);
            requireFinite(s.losses(), members, step + 1);
            adam.apply(step);
            afterStep(step + 1, s, tokens, model, adam, members);
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            progress.step(step + 1, t.steps(), (step + 1 - first) / Math.max(elapsed, 1e-9), s.losses()[0]);
        }
        return results(model, members, (System.nanoTime() - startNanos) / 1e9, end - first, stopAt < t.steps());
    }

    /** Each run's starting point, all at the same step. */
    private List<Member> members(boolean resume) {
        List<Member> members = new ArrayList<>(configs.size());
        for (int m = 0; m < configs.size(); m++) {
            members.add(new Member(configs.get(m), dirs.get(m), resume));
        }
        int first = members.get(0).start.step();
        for (Member member : members) {
            if (member.start.step() != first) {
                throw new CheckpointException("the checkpoints of an ensemble are at different steps (seed "
                        + members.get(0).config.train().seed() + " at " + first + ", seed " + member.config.train().seed()
                        + " at " + member.start.step() + "): continue each alone with train --resume --train.seed=S"
                        + " and the same other keys; train --seeds and sweep then reuse the finished runs");
            }
        }
        return members;
    }

    private static void requireFinite(double[] losses, List<Member> members, int step) {
        for (int m = 0; m < losses.length; m++) {
            if (!Double.isFinite(losses[m])) {
                throw new IllegalStateException("training diverged: loss of seed "
                        + members.get(m).config.train().seed() + " is " + losses[m] + " at step " + step);
            }
        }
    }

    /** Each member's listeners see its loss and accuracy; at a checkpoint step each member's checkpoint is written. */
    private void afterStep(int done, EnsembleModel.Step s, int[][][] tokens, EnsembleModel model, AdamOptimizer adam,
                           List<Member> members) {
        TrainConfig t = configs.get(0).train();
        boolean checkpoint = TrainingListener.due(t, done, t.checkpointEvery());
        for (int m = 0; m < members.size(); m++) {
            Member member = members.get(m);
            StepRunner.StepStats stats = new StepRunner.StepStats(s.losses()[m],
                    member.scoring.score(tokens[m], s.logits().get(m)).accuracy());
            for (TrainingListener listener : member.listeners) {
                listener.afterStep(done, stats);
            }
            if (checkpoint) {
                member.checkpoint(done, model.snapshot(m), adam.state(m));
            }
        }
        if (checkpoint) {
            lastCheckpointStep = done;
        }
    }

    /**
     * Each member's result; a finished run's outputs are written (after a last held-out evaluation when none was
     * made at the final step), an interrupted one's are not.
     */
    private List<Trainer.Result> results(EnsembleModel model, List<Member> members, double seconds, int ran,
                                         boolean interrupted) {
        TrainConfig t = configs.get(0).train();
        int k = members.size();
        List<Trainer.Result> results = new ArrayList<>(k);
        for (int m = 0; m < k; m++) {
            Member member = members.get(m);
            Weights weights = model.snapshot(m);
            if (interrupted) {
                results.add(new Trainer.Result(weights, member.history, member.evaluation.last(), seconds, 0, ran));
                continue;
            }
            HeldOutMetrics lastEval = member.evaluation.last() != null ? member.evaluation.last()
                    : member.evaluator.evaluate(weights, t.steps());
            member.writeOutputs(weights, lastEval);
            results.add(new Trainer.Result(weights, member.history, lastEval, seconds,
                    ran == 0 ? 0 : 1000 * seconds / ran / k, ran));
        }
        return results;
    }

    /** One model's stream, history and files: {@link Trainer}'s per-run state. */
    private final class Member {
        final RunConfig config;
        final RunDirectory dir;
        final String configText;
        final Checkpoint start;
        final SplitMix64 data;
        final SortingTask task;
        final Scoring scoring;
        final TrainingHistory history;
        final HeldOutEvaluator evaluator;
        final int[] flat;
        final int[][] batch;
        final TrainingListener.LogWindow log;
        TrainingListener.Evaluation evaluation;
        List<TrainingListener> listeners;

        Member(RunConfig config, RunDirectory dir, boolean resume) {
            this.config = config;
            this.dir = dir;
            this.configText = Trainer.trainingConfigText(config);
            TrainConfig t = config.train();
            this.start = Trainer.start(config, dir, configText, resume);
            this.data = new SplitMix64(start.dataRngState());
            this.task = new SortingTask(config.model());
            this.scoring = new Scoring(config.model());
            this.history = new TrainingHistory(start.history().train(), start.history().heldOut());
            this.evaluator = new HeldOutEvaluator(config, t.evalSize());
            this.log = new TrainingListener.LogWindow(t, start.window(), history,
                    progress.withPrefix("seed " + t.seed() + ": "));
            this.flat = new int[t.batchSize() * config.model().nCtx()];
            this.batch = new int[t.batchSize()][];
        }

        int[][] nextBatch() {
            int n = config.model().nCtx();
            task.fillRandom(data, flat);
            for (int b = 0; b < batch.length; b++) {
                batch[b] = Arrays.copyOfRange(flat, b * n, (b + 1) * n);
            }
            return batch;
        }

        /**
         * The solo run's listeners for member {@code m} of {@code model}: the log window, held-out evaluation and
         * snapshots ({@link Trainer}'s, with its rows prefixed by the seed); checkpoints are written by the caller.
         */
        void listen(EnsembleModel model, int m) {
            TrainConfig t = config.train();
            evaluation = new TrainingListener.Evaluation(t, evaluator, () -> model.snapshot(m), history,
                    progress.withPrefix("seed " + t.seed() + ": "));
            listeners = List.of(log, evaluation, TrainingListener.snapshots(t, () -> model.snapshot(m), dir));
        }

        void checkpoint(int done, Weights weights, Map<Param, Tensor> adamState) {
            CheckpointFile.write(new Checkpoint(configText, done, data.state(), weights, adamState, history,
                    log.window()), dir.checkpoint());
        }

        void writeOutputs(Weights weights, HeldOutMetrics lastEval) {
            Trainer.writeOutputs(config, dir, weights, history, lastEval);
        }
    }
}
