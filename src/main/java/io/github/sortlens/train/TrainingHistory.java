package io.github.sortlens.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What training logged. Training rows are means over the {@code log_every} steps up to and including {@code step}
 * (steps are counted from 1); held-out rows are evaluations on fresh sequences never trained on.
 */
public record TrainingHistory(List<LogRow> train, List<EvalRow> heldOut) {

    /**
     * Mean training loss and token accuracy (sorted half) over the {@code steps} steps since the previous row:
     * {@code log_every}, except a run's last row when the step count is not a multiple of it.
     */
    public record LogRow(int step, int steps, double loss, double accuracy) {
    }

    /** Held-out loss, token accuracy and fraction of sequences fully sorted, after {@code step} steps. */
    public record EvalRow(int step, double loss, double accuracy, double fullySorted) {
    }

    public static TrainingHistory empty() {
        return new TrainingHistory(new ArrayList<>(), new ArrayList<>());
    }

    public TrainingHistory {
        train = new ArrayList<>(train);
        heldOut = new ArrayList<>(heldOut);
    }

    void add(LogRow row) {
        train.add(row);
    }

    void add(EvalRow row) {
        heldOut.add(row);
    }

    /** CSV with one row per logged step: step, train loss, train accuracy, and the held-out columns where evaluated. */
    public String toCsv() {
        StringBuilder csv = new StringBuilder("step,train_steps_averaged,train_loss,train_accuracy,heldout_loss,"
                + "heldout_accuracy,heldout_fully_sorted\n");
        Map<Integer, EvalRow> evals = new HashMap<>();
        heldOut.forEach(e -> evals.put(e.step(), e));
        TreeSet<Integer> steps = new TreeSet<>(evals.keySet());
        Map<Integer, LogRow> logs = new HashMap<>();
        train.forEach(r -> {
            logs.put(r.step(), r);
            steps.add(r.step());
        });
        for (int step : steps) {
            LogRow r = logs.get(step);
            EvalRow e = evals.get(step);
            csv.append(step).append(',')
                    .append(r == null ? "" : r.steps()).append(',')
                    .append(r == null ? "" : r.loss()).append(',')
                    .append(r == null ? "" : r.accuracy()).append(',')
                    .append(e == null ? "" : e.loss()).append(',')
                    .append(e == null ? "" : e.accuracy()).append(',')
                    .append(e == null ? "" : e.fullySorted()).append('\n');
        }
        return csv.toString();
    }
}
