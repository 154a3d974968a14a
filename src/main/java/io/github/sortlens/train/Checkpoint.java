package io.github.sortlens.train;

import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;

import java.util.Map;

/**
 * Everything needed to continue training exactly where it stopped.
 *
 * @param trainingConfig the model and train keys of the resolved config ({@code key=value} lines); a checkpoint is
 *                       only resumed under the same ones
 * @param step           completed steps
 * @param dataRngState   state of the training-data generator
 * @param weights        parameters after {@code step} steps
 * @param adamState      per parameter, Adam's moments [2 * size]
 * @param history        rows logged so far
 * @param window         running sums of the current, unfinished log window
 */
public record Checkpoint(String trainingConfig, int step, long dataRngState, Weights weights,
                         Map<Param, Tensor> adamState, TrainingHistory history, Window window) {

    /** Running sums of loss and accuracy since the last log row. */
    public record Window(double lossSum, double accuracySum, int steps) {
        public static final Window EMPTY = new Window(0, 0, 0);
    }
}
