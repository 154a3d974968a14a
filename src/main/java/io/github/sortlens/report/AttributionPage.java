package io.github.sortlens.report;

import io.github.sortlens.analysis.AttributionResult;
import io.github.sortlens.analysis.HeatmapsResult;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The attribution page: direct logit attribution of the correct token, components x sorted position, for a selected
 * example (the notebook's animation frame), then the notebook's three per-token heatmaps over all examples.
 */
public final class AttributionPage {

    private AttributionPage() {
    }

    public static PageModel build(RunData run) {
        AttributionResult a = run.analysis().attribution().orElseThrow();
        HeatmapsResult h = run.analysis().heatmaps().orElseThrow();
        PageModel.Builder page = new PageModel.Builder("attribution", "attribution.ftlh", "Attribution",
                "Direct logit attribution of the correct token to embed, pos_embed, the head, b_O and b_U at every "
                        + "sorted position, and the notebook's per-token logit and log-probability heatmaps.");
        List<String> outputs = IntStream.range(0, a.logit()[0].length).mapToObj(i -> "out " + i).toList();
        List<Charts.HeatmapView> views = new ArrayList<>();
        for (int e = 0; e < a.exampleIds().size(); e++) {
            views.add(new Charts.HeatmapView(a.exampleIds().get(e), a.exampleIds().get(e), a.byComponent()[e]));
        }
        Charts.heatmap(page, "components", "Direct logit attribution", "Contribution of each residual component "
                        + "(rows) to the correct token's logit at each sorted output (columns) for the selected "
                        + "example; the rows add up to the logit within " + Num.sig(a.maxAbsError()) + ".", "output",
                outputs, "component", a.components(), "logit contribution", true,
                new Chart.Selector("example", "Example"), views, null, 320);
        List<String> ids = h.exampleIds();
        heat(page, "correct-logit", "Logit of the next token", "Logit of the actual next token at every "
                + "predicting position (columns) of every example (rows); scored positions start at "
                + h.positionLabels().get(h.firstScoredPosition()) + ".", h, ids, h.correctLogit(), "logit");
        heat(page, "centred-logit", "Mean-centred logit of the next token", "The same logit minus the mean logit "
                + "over the vocabulary at that position.", h, ids, h.meanCentredLogit(), "centred logit");
        heat(page, "log-prob", "Log-probability of the next token", "Log-probability of the actual next token; "
                + "near 0 on the sorted half means the model is sure and right.", h, ids, h.logProb(), "log-prob");
        page.put("firstScored", h.positionLabels().get(h.firstScoredPosition()));
        page.put("maxError", Num.sig(a.maxAbsError()));
        page.put("residualSum", String.join(" + ", a.components().stream()
                .filter(name -> !name.equals("b_U")).map(name -> name.startsWith("L0H") ? "result(" + name + ")" : name)
                .toList()));
        return page.build();
    }

    private static void heat(PageModel.Builder page, String id, String title, String alt, HeatmapsResult h,
                             List<String> ids, double[][] values, String name) {
        Charts.heatmap(page, id, title, alt, "predicting position", h.positionLabels(), "example", ids, name, true,
                null, List.of(new Charts.HeatmapView("all", "all", values)), null, Math.max(360, 14 * ids.size() + 140));
    }
}
