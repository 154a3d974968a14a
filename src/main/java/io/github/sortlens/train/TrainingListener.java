package io.github.sortlens.train;

import io.github.sortlens.config.TrainConfig;
import io.github.sortlens.model.Weights;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * What happens after a training step besides the update: logging, held-out evaluation, weight snapshots,
 * checkpoints and progress. {@link Trainer}, and {@link EnsembleTrainer} for each of its models, call the listeners in
 * order after every step.
 */
@FunctionalInterface
interface TrainingListener {

    /**
     * @param done  steps completed (1-based)
     * @param stats loss and accuracy of the batch just trained on
     */
    void afterStep(int done, StepRunner.StepStats stats);

    /** True at every {@code every} steps and at the last step. */
    static boolean due(TrainConfig t, int done, int every) {
        return done % every == 0 || done == t.steps();
    }

    /** Writes the weights every {@code snapshot_every} steps, for the training dynamics. */
    static TrainingListener snapshots(TrainConfig t, Supplier<Weights> model, RunDirectory dir) {
        return (done, stats) -> {
            if (t.snapshotAt(done)) {
                WeightsNpz.write(model.get(), dir.snapshot(done));
            }
        };
    }

    /** Means of training loss and accuracy over each {@code log_every} steps, as history rows. */
    final class LogWindow implements TrainingListener {
        private final TrainConfig t;
        private final TrainingHistory history;
        private final TrainingProgress progress;
        private double lossSum;
        private double accuracySum;
        private int steps;

        LogWindow(TrainConfig t, Checkpoint.Window resumed, TrainingHistory history, TrainingProgress progress) {
            this.t = t;
            this.history = history;
            this.progress = progress;
            this.lossSum = resumed.lossSum();
            this.accuracySum = resumed.accuracySum();
            this.steps = resumed.steps();
        }

        @Override
        public void afterStep(int done, StepRunner.StepStats stats) {
            lossSum += stats.loss();
            accuracySum += stats.accuracy();
            steps++;
            if (due(t, done, t.logEvery())) {
                TrainingHistory.LogRow row = new TrainingHistory.LogRow(done, steps, lossSum / steps,
                        accuracySum / steps);
                history.add(row);
                lossSum = 0;
                accuracySum = 0;
                steps = 0;
                progress.row(String.format(Locale.ROOT, "step %6d  train loss %.4f  train acc %6.2f%%", done,
                        row.loss(), 100 * row.accuracy()));
            }
        }

        /** The sums of the unfinished window, for a checkpoint. */
        Checkpoint.Window window() {
            return new Checkpoint.Window(lossSum, accuracySum, steps);
        }
    }

    /** Held-out metrics every {@code eval_every} steps, as history rows. */
    final class Evaluation implements TrainingListener {
        private final TrainConfig t;
        private final HeldOutEvaluator evaluator;
        private final Supplier<Weights> model;
        private final TrainingHistory history;
        private final TrainingProgress progress;
        private HeldOutMetrics last;

        Evaluation(TrainConfig t, HeldOutEvaluator evaluator, Supplier<Weights> model, TrainingHistory history,
                   TrainingProgress progress) {
            this.t = t;
            this.evaluator = evaluator;
            this.model = model;
            this.history = history;
            this.progress = progress;
        }

        @Override
        public void afterStep(int done, StepRunner.StepStats stats) {
            if (due(t, done, t.evalEvery())) {
                last = evaluator.evaluate(model.get(), done);
                history.add(new TrainingHistory.EvalRow(done, last.loss(), last.accuracy(), last.fullySorted()));
                progress.row(String.format(Locale.ROOT, "step %6d  held-out loss %.4f  acc %6.2f%%  fully sorted"
                        + " %6.2f%% (%d sequences)", done, last.loss(), 100 * last.accuracy(),
                        100 * last.fullySorted(), last.sequences()));
            }
        }

        /** The last evaluation, or null before the first. */
        HeldOutMetrics last() {
            return last;
        }
    }
}
