package io.github.sortlens.render;

import io.github.sortlens.report.PageModel;
import io.github.sortlens.report.Preview;
import io.github.sortlens.report.RunData;
import io.github.sortlens.report.SiteModel;
import io.github.sortlens.report.TrainingPage;
import io.github.sortlens.train.TrainingHistory;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The site's link-preview cards: each page's title over the run's title, then what the page says about itself (its
 * {@link Preview}: an example's prediction with the wrong tokens, its numbers and its attention pattern; a chart
 * page's main chart), or for pages without one the held-out headline numbers (from the analysis suite's
 * 10,000-sequence evaluation when present, else the training stage's) and the training loss curve.
 */
public final class PreviewCards implements CardRenderer {

    @Override
    public void write(RunData run, SiteModel site, PageModel page, Path png) {
        Preview p = page.preview();
        if (p != null) {
            List<PreviewCard.Headline> headlines = p.headlines().stream()
                    .map(f -> new PreviewCard.Headline(f.label(), f.value())).toList();
            List<PreviewCard.Token> tokens = p.tokens().stream()
                    .map(t -> new PreviewCard.Token(t.text(), t.wrong())).toList();
            PreviewCard.write(new PreviewCard.Card(page.title(), site.title(), headlines, null, p.chartLabel(),
                    p.matrix(), p.scale(), tokens), png);
            return;
        }
        double accuracy;
        double fullySorted;
        int sequences;
        if (run.analysis().evaluation().isPresent()) {
            var e = run.analysis().evaluation().get();
            accuracy = e.tokenAccuracy();
            fullySorted = e.fractionFullySorted();
            sequences = e.sequences();
        } else {
            accuracy = run.heldOut().accuracy();
            fullySorted = run.heldOut().fullySorted();
            sequences = run.heldOut().sequences();
        }
        List<TrainingHistory.LogRow> rows = TrainingPage.fullWindowRows(run);
        double[] loss = rows.stream().mapToDouble(TrainingHistory.LogRow::loss).toArray();
        List<PreviewCard.Headline> headlines = List.of(
                new PreviewCard.Headline("held-out token accuracy", percent(accuracy)),
                new PreviewCard.Headline("sequences fully sorted", percent(fullySorted)),
                new PreviewCard.Headline("held-out sequences", String.format(Locale.ROOT, "%,d", sequences)));
        PreviewCard.write(new PreviewCard.Card(page.title(), site.title(), headlines, loss,
                "training loss over " + String.format(Locale.ROOT, "%,d", rows.isEmpty() ? 0 : rows.get(rows.size() - 1)
                        .step()) + " steps"), png);
    }

    private static String percent(double x) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * x);
    }
}
