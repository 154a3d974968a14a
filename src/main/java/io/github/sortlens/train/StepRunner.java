package io.github.sortlens.train;

import io.github.sortlens.config.RunConfig;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.Scoring;
import io.github.sortlens.model.TrainableModel;

import java.util.Arrays;

/**
 * One training step, the same for the trainer and the benchmark: draw a fresh batch, forward and backward in
 * SameDiff, one Adam update.
 */
final class StepRunner {

    /** Loss and token accuracy of the batch just trained on (before its update). */
    record StepStats(double loss, double accuracy) {
    }

    private final TrainableModel model;
    private final AdamOptimizer adam;
    private final SortingTask task;
    private final SplitMix64 data;
    private final Scoring scoring;
    private final int[] flat;
    private final int[][] batch;

    StepRunner(RunConfig config, TrainableModel model, AdamOptimizer adam, SplitMix64 data) {
        this.model = model;
        this.adam = adam;
        this.task = new SortingTask(config.model());
        this.data = data;
        this.scoring = new Scoring(config.model());
        this.flat = new int[config.train().batchSize() * config.model().nCtx()];
        this.batch = new int[config.train().batchSize()][];
    }

    /** Runs the step with 0-based index {@code iteration}; fails if the loss is not finite. */
    StepStats step(int iteration) {
        int t = model.config().nCtx();
        task.fillRandom(data, flat);
        for (int b = 0; b < batch.length; b++) {
            batch[b] = Arrays.copyOfRange(flat, b * t, (b + 1) * t);
        }
        TrainableModel.Step s = model.step(batch);
        if (!Double.isFinite(s.loss())) {
            throw new IllegalStateException("training diverged: loss is " + s.loss() + " at step " + (iteration + 1));
        }
        adam.apply(iteration);
        return new StepStats(s.loss(), scoring.score(batch, s.logits()).accuracy());
    }
}
