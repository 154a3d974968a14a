package io.github.sortlens.report;

import io.github.sortlens.analysis.EvaluationResult;
import io.github.sortlens.train.TrainingHistory;

import java.util.List;
import java.util.Locale;

/**
 * What the link-preview card of a page without its own {@link Preview} shows: the run's held-out headline numbers
 * (from the analysis suite's evaluation) and the training loss curve.
 *
 * @param headlines  three numbers with labels (notes unused)
 * @param loss       [log row] mean training loss per full {@code log_every} window
 * @param chartLabel the curve's caption
 */
public record SitePreview(List<Fact> headlines, double[] loss, String chartLabel) {

    public static SitePreview of(RunData run) {
        EvaluationResult e = run.analysis().evaluation();
        double accuracy = e.tokenAccuracy();
        double fullySorted = e.fractionFullySorted();
        int sequences = e.sequences();
        List<TrainingHistory.LogRow> rows = TrainingPage.fullWindowRows(run);
        double[] loss = rows.stream().mapToDouble(TrainingHistory.LogRow::loss).toArray();
        List<Fact> headlines = List.of(
                new Fact("held-out token accuracy", Num.percent(accuracy, 2, Num.PercentStyle.CARD), ""),
                new Fact("sequences fully sorted", Num.percent(fullySorted, 2, Num.PercentStyle.CARD), ""),
                new Fact("held-out sequences", String.format(Locale.ROOT, "%,d", sequences), ""));
        return new SitePreview(headlines, loss, "training loss over " + String.format(Locale.ROOT, "%,d",
                rows.isEmpty() ? 0 : rows.get(rows.size() - 1).step()) + " steps");
    }
}
