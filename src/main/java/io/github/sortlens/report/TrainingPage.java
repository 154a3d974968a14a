package io.github.sortlens.report;

import io.github.sortlens.config.ModelConfig;

import io.github.sortlens.analysis.EvaluationResult;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.train.HeldOutMetrics;
import io.github.sortlens.train.TrainingHistory;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The training page: the notebook's loss and accuracy curves (with held-out points the notebook never had), the
 * held-out metrics, and where the errors are (by output position, by duplicates, by gap).
 */
public final class TrainingPage {

    private TrainingPage() {
    }

    /**
     * What {@code training.ftlh} lays out besides the charts.
     *
     * @param heldOut the training stage's last held-out evaluation, as figures
     */
    public record Body(List<Fact> heldOut) {
    }

    public static PageModel build(RunData run) {
        PageModel.Builder page = new PageModel.Builder("training", "training.ftlh", "Training",
                "Loss and accuracy while training the 1-layer attention-only sorter, and held-out accuracy by "
                        + "output position, by duplicates and by gap.");
        TrainingHistory h = run.history();
        List<TrainingHistory.LogRow> rows = fullWindowRows(run);
        int[] steps = rows.stream().mapToInt(TrainingHistory.LogRow::step).toArray();
        int[] evalSteps = h.heldOut().stream().mapToInt(TrainingHistory.EvalRow::step).toArray();
        int logEvery = run.config().train().logEvery();

        List<Charts.Line> loss = new ArrayList<>();
        loss.add(new Charts.Line("train (mean of " + logEvery + " steps)", steps,
                rows.stream().mapToDouble(TrainingHistory.LogRow::loss).toArray()));
        if (evalSteps.length > 0) {
            loss.add(new Charts.Line("held out", evalSteps,
                    h.heldOut().stream().mapToDouble(TrainingHistory.EvalRow::loss).toArray()));
        }
        Charts.lines(page, "loss", "Loss", "Cross-entropy loss (nats, log scale) on the sorted half against training "
                        + "step; final held-out loss " + Num.sig(run.heldOut().loss()) + ".", "step",
                Chart.Axis.log("loss (nats)", Chart.Format.NUMBER), loss);

        List<Charts.Line> acc = new ArrayList<>();
        acc.add(new Charts.Line("train token accuracy", steps,
                rows.stream().mapToDouble(TrainingHistory.LogRow::accuracy).toArray()));
        if (evalSteps.length > 0) {
            acc.add(new Charts.Line("held-out token accuracy", evalSteps,
                    h.heldOut().stream().mapToDouble(TrainingHistory.EvalRow::accuracy).toArray()));
            acc.add(new Charts.Line("held-out fully sorted", evalSteps,
                    h.heldOut().stream().mapToDouble(TrainingHistory.EvalRow::fullySorted).toArray()));
        }
        Charts.lines(page, "accuracy", "Accuracy", "Token accuracy on the sorted half and the fraction of sequences "
                        + "fully sorted, against training step; final held-out token accuracy "
                        + Num.percent(run.heldOut().accuracy(), 2) + ".", "step",
                Chart.Axis.value("accuracy", Chart.Format.PERCENT, 0, 1), acc);

        evaluationCharts(page, run.analysis().evaluation());
        return page.body(new Body(heldOutFacts(run.heldOut(), run.config().model()))).build();
    }

    static List<Fact> heldOutFacts(HeldOutMetrics m, ModelConfig model) {
        return List.of(
                new Fact("held-out sequences", Num.count(m.sequences()), "fresh sequences, never trained on"),
                new Fact("token accuracy", Num.percent(m.accuracy(), 2), NotebookFigures.context(model, NotebookFigures.REPLICA_TOKEN_ACCURACY)),
                new Fact("fully sorted", Num.percent(m.fullySorted(), 2), NotebookFigures.context(model, NotebookFigures.REPLICA_FULLY_SORTED)),
                new Fact("mean loss", Num.sig(m.loss()), NotebookFigures.context(model, NotebookFigures.REPLICA_LOSS)),
                new Fact("after step", Num.count(m.step()), ""));
    }

    /**
     * Error rates rather than accuracies: at 99.7 % accuracy, bars of accuracy on a 0-100 % axis all look full, and
     * a truncated accuracy axis would exaggerate; the error rate on a full axis shows where the model fails.
     */
    private static void evaluationCharts(PageModel.Builder page, EvaluationResult e) {
        List<String> outputs = new SequenceLayout(e.accuracyByPosition().length).outputLabels();
        Charts.bars(page, "by-position", "Errors by output position", "Held-out token error rate (1 - accuracy) at "
                        + "each of the " + outputs.size() + " sorted outputs over " + Num.count(e.sequences())
                        + " sequences; highest " + Num.percent(1 - Arrays.stream(e.accuracyByPosition()).min().orElseThrow(), 2) + ".", "output",
                outputs, Chart.Axis.value("error rate", Chart.Format.PERCENT), List.of("token error rate"),
                List.of(errorRates(e.accuracyByPosition())));
        group(page, "by-duplicates", "Errors by number of duplicates", "duplicates", e.byDuplicates(),
                "Held-out token error rate (1 - accuracy) grouped by how many values in the list repeat an earlier "
                        + "one." + duplicatesControlled(e.duplicatesByGap()), k -> Integer.toString(k));
        group(page, "by-gap", "Errors by gap to the previous output", "gap", e.byGap(),
                "Held-out token error rate (1 - accuracy) of outputs 1 onwards grouped by the difference from the "
                        + "previous sorted value (0: the value repeats the previous one); large gaps are rare, so "
                        + "their bars rest on few tokens (hover a bar for its count)." + notInList(e),
                k -> k == 0 ? "0 (repeat)" : Integer.toString(k));
    }

    /** The share of wrong outputs that copy nothing from the list, in words; empty when nothing is wrong. */
    static String notInList(EvaluationResult e) {
        if (e.wrongOutputs() == 0) {
            return "";
        }
        return " Of the " + Num.count(e.wrongOutputs()) + " wrong outputs, " + Num.percent(e.wrongNotInList(), 1)
                + " predict a token that is not in the list at all (" + Num.percent(e.wrongStartOrStop(), 1)
                + " predict START or STOP).";
    }

    /** The duplicates effect with the gap held fixed, in words; empty when it is undefined. */
    static String duplicatesControlled(EvaluationResult.DuplicatesByGap d) {
        if (d == null || d.standardisedRatio() == null) {
            return "";
        }
        return " Lists with more than the median " + Num.count(d.medianDuplicates()) + " duplicates make "
                + Num.count(d.manyErrors()) + " errors at outputs 1 onwards where the others' error rate at the "
                + "same gap predicts " + Num.fixed(d.manyExpectedErrors(), 1) + ": " + Num.fixed(d.standardisedRatio(), 2)
                + " times as many with the gap held fixed"
                + (d.crudeRatio() == null ? "." : " (" + Num.fixed(d.crudeRatio(), 2) + " times without it).");
    }

    /** Bars resting on fewer held-out tokens than this are drawn pale with their count. */
    static final long THIN_TOKENS = 100;

    /**
     * Error rate per key, one bar for every key from the smallest to the largest: a key with no tokens keeps its
     * place with no bar (a gap of 14 that never occurs is shown missing, not skipped), and every bar's tooltip gives
     * its token count.
     */
    private static void group(PageModel.Builder page, String id, String title, String key,
                              List<EvaluationResult.Group> groups, String alt, IntFunction<String> label) {
        int first = groups.stream().mapToInt(EvaluationResult.Group::key).min().orElse(0);
        int last = groups.stream().mapToInt(EvaluationResult.Group::key).max().orElse(-1);
        int size = last - first + 1;
        List<String> cats = IntStream.rangeClosed(first, last).mapToObj(label).toList();
        double[] errors = new double[size];
        long[] tokens = new long[size];
        for (EvaluationResult.Group g : groups) {
            errors[g.key() - first] = 1 - g.accuracy();
            tokens[g.key() - first] = g.tokens();
        }
        List<String> missing = new ArrayList<>();
        List<String> thin = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (tokens[i] == 0) {
                missing.add(cats.get(i));
            } else if (tokens[i] < THIN_TOKENS) {
                thin.add(cats.get(i));
            }
        }
        String note = (thin.isEmpty() ? "" : " Pale bars, labelled with their count, rest on fewer than "
                + THIN_TOKENS + " tokens (" + key + " " + String.join(", ", thin) + ").")
                + (missing.isEmpty() ? "" : " No token has " + key + " " + String.join(", ", missing) + ".");
        Charts.countedBars(page, id, title, alt + note, key, cats, Chart.Axis.value("error rate", Chart.Format.PERCENT),
                "token error rate", errors, tokens, THIN_TOKENS);
    }

    private static double[] errorRates(double[] accuracy) {
        double[] out = new double[accuracy.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = 1 - accuracy[i];
        }
        return out;
    }

    /**
     * Training rows that average a whole {@code log_every} window (a run's last row may average fewer steps and would
     * be one batch's noise on a curve labelled as means); all rows when none is whole (a run shorter than a window).
     */
    public static List<TrainingHistory.LogRow> fullWindowRows(RunData run) {
        int logEvery = run.config().train().logEvery();
        List<TrainingHistory.LogRow> whole = run.history().train().stream().filter(r -> r.steps() == logEvery).toList();
        return whole.isEmpty() ? run.history().train() : whole;
    }
}
