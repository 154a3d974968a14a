package io.github.sortlens.report;

import io.github.sortlens.analysis.AttentionResult;
import io.github.sortlens.analysis.AttributionResult;
import io.github.sortlens.analysis.Example;
import io.github.sortlens.analysis.ExampleSet;
import io.github.sortlens.analysis.HeatmapsResult;
import io.github.sortlens.analysis.PatchingResult;
import io.github.sortlens.analysis.PredictionsResult;
import io.github.sortlens.config.ModelConfig;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The examples index and one page per example of the analysis example set (ids are the set's stable ids, so
 * {@code examples/all-equal.html} names the same case in every run of the same config).
 */
public final class ExamplePages {

    private ExamplePages() {
    }

    /** One row of the index. */
    public record IndexRow(String id, String kind, String description, String accuracy, String minProb,
                           boolean hasErrors) {
    }

    /**
     * A token shown in a row of tokens: its text, its class ({@code special}, {@code right}, {@code wrong}), its
     * tooltip, and for sorted outputs the position key ({@code out-j}) that selects it, else empty.
     */
    public record Token(String text, String css, String title, String pos) {
    }

    /** An output position of the position selector: hash value ({@code out-j}) and label ({@code out j}). */
    public record Position(String key, String label) {
    }

    /** A link to a neighbouring example. */
    public record Link(String id, String label) {
    }

    /** @param tryPage whether the site has the Try page, so that each example links to its list there */
    public static List<PageModel> build(RunData run, boolean tryPage) {
        ExampleSet set = run.analysis().examples().orElseThrow();
        PredictionsResult p = run.analysis().predictions().orElseThrow();
        List<PageModel> pages = new ArrayList<>();
        List<IndexRow> rows = new ArrayList<>();
        for (int e = 0; e < set.size(); e++) {
            Example ex = set.examples().get(e);
            int n = p.actual()[e].length;
            rows.add(new IndexRow(ex.id(), ex.kind(), ex.description(),
                    Num.percent((n - p.errors()[e]) / (double) n, 0), Num.sig(Arrays.stream(p.correctProb()[e]).min().orElseThrow()),
                    p.errors()[e] > 0));
        }
        PageModel.Builder index = new PageModel.Builder("examples/index", "examples-index.ftlh", "Examples",
                "Every example of the analysis set, curated edge cases, random and worst held-out sequences, with "
                        + "accuracy and the lowest probability the model gives a correct token.");
        index.put("rows", rows);
        pages.add(index.build());
        for (int e = 0; e < set.size(); e++) {
            pages.add(example(run, set, e, tryPage));
        }
        return pages;
    }

    private static PageModel example(RunData run, ExampleSet set, int e, boolean tryPage) {
        ModelConfig m = run.config().model();
        Example ex = set.examples().get(e);
        PredictionsResult p = run.analysis().predictions().orElseThrow();
        PageModel.Builder page = new PageModel.Builder("examples/" + ex.id(), "example.ftlh", "Example " + ex.id(),
                "How the sorting model handles the example " + ex.id() + " (" + ex.kind() + "): " + ex.description());
        int n = m.listLength();
        page.put("example", ex);
        if (tryPage) {
            page.put("tryLink", TryPage.link("../", m, ex.tokens()));
        }
        page.put("input", tokens(m, java.util.Arrays.copyOfRange(ex.tokens(), 0, n + 2), null, false));
        page.put("target", tokens(m, p.actual()[e], null, true));
        page.put("predicted", tokens(m, p.predicted()[e], p.actual()[e], true));
        page.put("positions", IntStream.range(0, n).mapToObj(i -> new Position("out-" + i, "out " + i)).toList());
        page.put("errors", Integer.toString(p.errors()[e]));
        page.put("minProb", Num.sig(Arrays.stream(p.correctProb()[e]).min().orElseThrow()));
        page.put("prev", e > 0 ? new Link(set.examples().get(e - 1).id(), set.examples().get(e - 1).id()) : null);
        page.put("next", e + 1 < set.size() ? new Link(set.examples().get(e + 1).id(), set.examples().get(e + 1).id())
                : null);

        List<String> outputs = IntStream.range(0, n).mapToObj(i -> "out " + i).toList();
        List<String> names = List.of("predicted", "actual");
        Chart.Axis tokenAxis = Chart.Axis.value("token", "integer", 0, m.dVocab() - 1);
        predictedVsActual(page, outputs, tokenAxis, p.predicted()[e], p.actual()[e]);
        attention(page, run.analysis().attention().orElseThrow(), e, n);
        attribution(page, run.analysis().attribution().orElseThrow(), e, outputs);
        logProb(page, run.analysis().heatmaps().orElseThrow(), e, outputs);
        run.analysis().patching().ifPresent(pt -> patching(page, pt, ex.id()));
        // Output j is predicted at query position n + 1 + j (pos STOP predicts out 0).
        positions(page, "predicted-vs-actual", new Chart.Positions("x", 0, n));
        positions(page, "attention", new Chart.Positions("y", n + 1, n));
        positions(page, "attribution", new Chart.Positions("x", 0, n));
        positions(page, "attribution-by-source", new Chart.Positions("y", 0, n));
        positions(page, "log-prob", new Chart.Positions("x", 0, n));
        positions(page, "patching", new Chart.Positions("x", n + 1, n));
        return page.build();
    }

    private static void positions(PageModel.Builder page, String chartId, Chart.Positions positions) {
        Chart chart = page.chartById(chartId);
        if (chart != null) {
            page.replaceChart(chart.withPositions(positions));
        }
    }

    private static void predictedVsActual(PageModel.Builder page, List<String> outputs, Chart.Axis y,
                                          int[] predicted, int[] actual) {
        List<Chart.Series> series = List.of(Chart.Series.of("predicted", "points", JsonText.ints(predicted)),
                Chart.Series.of("actual", "points", JsonText.ints(actual)));
        Csv csv = new Csv(List.of("output", "predicted", "actual"));
        for (int i = 0; i < actual.length; i++) {
            csv.row(List.of(outputs.get(i), Integer.toString(predicted[i]), Integer.toString(actual[i])));
        }
        Chart.Download d = page.file("predicted-vs-actual", "csv", csv.toString());
        page.chart(new Chart("predicted-vs-actual", "line", "Predicted vs actual next token", "Top-logit token "
                + "and correct token at each sorted output; where the two lines part, the model is wrong.",
                Chart.Axis.category("output", outputs), y, "", List.of(new Chart.Variant("all", "all", series, null,
                null)), null, List.of(d), 320));
    }

    private static void attention(PageModel.Builder page, AttentionResult a, int e, int n) {
        List<Charts.HeatmapView> views = new ArrayList<>();
        List<int[][]> marks = new ArrayList<>();
        for (int h = 0; h < a.heads().size(); h++) {
            views.add(new Charts.HeatmapView(a.heads().get(h), a.heads().get(h), a.pattern()[e][h]));
            int[][] cells = new int[n][];
            for (int i = 0; i < n; i++) {
                cells[i] = new int[] {a.expectedSource()[e][i], n + 1 + i};
            }
            marks.add(cells);
        }
        Charts.heatmap(page, "attention", "Attention pattern", "Attention weight from each query position (rows) to "
                        + "each key position (columns); green squares mark the input position holding the value each "
                        + "sorted output should copy (" + a.duplicatesRule() + ").", "key position",
                a.positionLabels(), "query position", a.positionLabels(), "attention", false,
                new Chart.Selector("head", "Head"), views, marks, 760);
    }

    private static void attribution(PageModel.Builder page, AttributionResult a, int e, List<String> outputs) {
        Charts.heatmap(page, "attribution", "Direct logit attribution", "Contribution of each residual component "
                        + "(rows) to the correct token's logit at each sorted output (columns).", "output", outputs,
                "component", a.components(), "logit contribution", true, null,
                List.of(new Charts.HeatmapView("all", "all", a.byComponent()[e])), null, 320);
        List<Charts.HeatmapView> views = new ArrayList<>();
        for (int h = 0; h < a.heads().size(); h++) {
            views.add(new Charts.HeatmapView(a.heads().get(h), a.heads().get(h), a.bySource()[e][h]));
        }
        Charts.heatmap(page, "attribution-by-source", "Attribution by source position", "The head's contribution "
                        + "to the correct token's logit at each sorted output (rows), split by the source position "
                        + "it was carried from (columns).", "source position", a.positionLabels(), "output", outputs,
                "logit contribution", true, new Chart.Selector("head", "Head"), views, null, 560);
    }

    private static void logProb(PageModel.Builder page, HeatmapsResult h, int e, List<String> outputs) {
        int first = h.firstScoredPosition();
        double[] y = java.util.Arrays.copyOfRange(h.logProb()[e], first, first + outputs.size());
        Csv csv = new Csv(List.of("output", "log_prob"));
        for (int i = 0; i < y.length; i++) {
            csv.row(List.of(outputs.get(i), Num.exact(y[i])));
        }
        Chart.Download d = page.file("log-prob", "csv", csv.toString());
        page.chart(new Chart("log-prob", "line", "Log-probability of the correct token", "Log-probability the model "
                + "gives the correct next token at each sorted output (0 = certain).",
                Chart.Axis.category("output", outputs), Chart.Axis.value("log-prob", "number"), "",
                List.of(new Chart.Variant("all", "all", List.of(Chart.Series.of("log-prob", "points",
                        JsonText.numbers(y))), null, null)), null, List.of(d), 320));
    }

    private static void patching(PageModel.Builder page, PatchingResult p, String id) {
        List<Charts.HeatmapView> views = new ArrayList<>();
        for (PatchingResult.Pair pair : p.pairs()) {
            if (pair.exampleId().equals(id)) {
                views.add(new Charts.HeatmapView(pair.corruption(), pair.corruption() + ": " + pair.description(),
                        pair.normalised()));
            }
        }
        page.put("hasPatching", !views.isEmpty());
        if (!views.isEmpty()) {
            Charts.heatmap(page, "patching", "Activation patching", "Fraction of the clean answer restored when one "
                            + "activation (rows) at one position (columns) of the corrupted run is taken from this "
                            + "example's clean run.", "position", p.positionLabels(), "patched activation",
                    p.targets(), "restored", true, new Chart.Selector("corruption", "Corruption"), views, null,
                    Math.max(260, 30 * p.targets().size() + 150));
        }
    }

    private static List<Token> tokens(ModelConfig m, int[] values, int[] expected, boolean outputs) {
        List<Token> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            String text = v == m.startToken() ? "START" : v == m.stopToken() ? "STOP" : Integer.toString(v);
            String css = expected != null ? (v == expected[i] ? "right" : "wrong") : v >= m.valueCount() ? "special" : "";
            String title = expected != null && v != expected[i] ? "predicted " + text + ", correct " + expected[i] : "";
            out.add(new Token(text, css, title, outputs ? "out-" + i : ""));
        }
        return out;
    }
}
