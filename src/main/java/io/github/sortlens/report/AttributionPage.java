package io.github.sortlens.report;

import io.github.sortlens.analysis.AttributionResult;
import io.github.sortlens.analysis.DirectLogitAttribution;
import io.github.sortlens.analysis.HeatmapsResult;
import io.github.sortlens.data.SequenceLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * The attribution page: direct logit attribution of the correct token, components x sorted position, for a selected
 * example (the notebook's animation frame), then the notebook's three per-token heatmaps over all examples.
 */
public final class AttributionPage {

    private AttributionPage() {
    }

    /**
     * What {@code attribution.ftlh} lays out besides the charts.
     *
     * @param residualSum the final residual stream as a sum of its parts, e.g.
     *                    {@code embed + pos_embed + result(L0H0) + b_O}
     * @param maxError    the largest gap between the attributions' sum and the model's logit, over examples and
     *                    outputs
     * @param firstScored label of the first position that predicts a sorted token, e.g. {@code pos STOP}
     */
    public record Body(String residualSum, String maxError, String firstScored) {
    }

    public static PageModel build(RunData run) {
        AttributionResult a = run.analysis().attribution();
        HeatmapsResult h = run.analysis().heatmaps();
        PageModel.Builder page = new PageModel.Builder("attribution", "attribution.ftlh", "Attribution",
                "Direct logit attribution of the correct token to embed, pos_embed, the head, b_O and b_U at every "
                        + "sorted position, and the notebook's per-token logit and log-probability heatmaps.");
        List<String> outputs = SequenceLayout.of(run.config().model()).outputLabels();
        List<Charts.HeatmapView> views = new ArrayList<>();
        for (int e = 0; e < a.exampleIds().size(); e++) {
            views.add(new Charts.HeatmapView(a.exampleIds().get(e), a.exampleIds().get(e), a.byComponent()[e]));
        }
        Charts.heatmap("components", "Direct logit attribution", "Contribution of each residual component "
                        + "(rows) to the correct token's logit at each sorted output (columns) for the selected "
                        + "example; the rows add up to the logit within " + Num.sig(a.maxAbsError()) + ".")
                .x("output", outputs).y("component", a.components())
                .views("logit contribution", views)
                .selector(new Chart.Selector("example", "Example")).height(320)
                .addTo(page);
        List<String> ids = h.exampleIds();
        heat(page, "correct-logit", "Logit of the next token", "Logit of the actual next token at every "
                + "predicting position (columns) of every example (rows); scored positions start at "
                + h.positionLabels().get(h.firstScoredPosition()) + ".", h, ids, h.correctLogit(), "logit");
        heat(page, "centred-logit", "Mean-centred logit of the next token", "The same logit minus the mean logit "
                + "over the vocabulary at that position.", h, ids, h.meanCentredLogit(), "centred logit");
        double scoredMin = scoredMin(h.logProb(), h.firstScoredPosition());
        Charts.heatmap("log-prob", "Log-probability of the next token", "Log-probability of the "
                        + "actual next token; near 0 (pale) on the sorted half means the model is sure and right, red "
                        + "marks its doubts and errors. Colours follow a logarithmic scale (log10(1 + |log-prob|)), "
                        + "so -1 and -90 are both visible, and span the sorted half's range, down to "
                        + Num.sig(scoredMin) + "; the unscored positions before it reach " + Num.sig(min(h.logProb()))
                        + " and are drawn in the darkest red (hover a cell for its value).")
                .x("predicting position", h.positionLabels()).y("example", ids)
                .views("log-prob",
                        List.of(new Charts.HeatmapView("all", "all", h.logProb(), Math.min(scoredMin, -1e-9), 0)))
                .height(Math.max(360, 14 * ids.size() + 140)).symlog()
                .addTo(page);
        page.preview(Preview.heatmap(List.of(new Fact("examples", Num.count(a.exampleIds().size()), ""),
                new Fact("max |sum - logit|", Num.sig(a.maxAbsError()), "")),
                a.byComponent()[0], "logit attribution of " + a.exampleIds().get(0) + ", components x outputs"));
        return page.body(new Body(String.join(" + ", DirectLogitAttribution.residualTerms(run.config().model())),
                Num.sig(a.maxAbsError()), h.positionLabels().get(h.firstScoredPosition()))).build();
    }

    /** Lowest value at the scored positions (columns from {@code first} on) of any row. */
    static double scoredMin(double[][] m, int first) {
        double min = 0;
        for (double[] row : m) {
            for (int j = first; j < row.length; j++) {
                min = Double.isFinite(row[j]) ? Math.min(min, row[j]) : min;
            }
        }
        return min;
    }

    private static double min(double[][] m) {
        return scoredMin(m, 0);
    }

    private static void heat(PageModel.Builder page, String id, String title, String alt, HeatmapsResult h,
                             List<String> ids, double[][] values, String name) {
        Charts.heatmap(id, title, alt)
                .x("predicting position", h.positionLabels()).y("example", ids)
                .views(name, List.of(new Charts.HeatmapView("all", "all", values)))
                .height(Math.max(360, 14 * ids.size() + 140))
                .addTo(page);
    }
}
