package io.github.sortlens.report;

import io.github.sortlens.analysis.AttentionResult;
import io.github.sortlens.analysis.AttributionResult;
import io.github.sortlens.analysis.Example;
import io.github.sortlens.analysis.ExampleSet;
import io.github.sortlens.analysis.HeatmapsResult;
import io.github.sortlens.analysis.OutputExplainer;
import io.github.sortlens.analysis.OutputExplanation;
import io.github.sortlens.analysis.PatchingResult;
import io.github.sortlens.analysis.PredictionsResult;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.Weights;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
     * What {@code examples-index.ftlh} lays out.
     *
     * @param rows one row per example, in the example set's order
     */
    public record IndexBody(List<IndexRow> rows) {
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

    /**
     * What {@code example.ftlh} lays out besides the charts.
     *
     * @param tryLink     the example's list on the Try page, or {@code null} when the site has no Try page
     * @param input       START, the inputs and STOP
     * @param target      the sorted outputs
     * @param predicted   the model's outputs, marked right or wrong against the target
     * @param positions   the output positions of the position selector, in order
     * @param errors      how many outputs are wrong
     * @param minProb     the lowest probability of a correct token
     * @param prev        the previous example, or {@code null} for the first
     * @param next        the next example, or {@code null} for the last
     * @param why         every output explained and the reconstruction beside the model, or {@code null} when the
     *                    run has no weights to explain it with
     */
    public record Body(Example example, String tryLink, List<Token> input, List<Token> target,
                       List<Token> predicted, List<Position> positions, String errors, String minProb, Link prev,
                       Link next, WhyViews.Body why) {
    }

    /**
     * @param weights the run's weights, when it has them: the outputs are then explained ({@link WhyViews}) and the
     *                site has the Try page, to which each example links
     */
    public static List<PageModel> build(RunData run, Optional<Weights> weights) {
        boolean tryPage = weights.isPresent();
        OutputExplainer explainer = weights.map(OutputExplainer::new).orElse(null);
        ExampleSet set = run.analysis().examples();
        PredictionsResult p = run.analysis().predictions();
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
        index.body(new IndexBody(List.copyOf(rows)));
        pages.add(index.build());
        double floor = logProbFloor(run.analysis().heatmaps(), run.config().model().listLength());
        for (int e = 0; e < set.size(); e++) {
            pages.add(example(run, set, e, explainer, floor));
        }
        return pages;
    }

    /**
     * The bottom of every example's log-probability axis: one range for all examples, so that a 97.5 % output and
     * an 8e-44 failure do not draw the same dip. The lowest scored log-probability of any example, rounded down to
     * 1, 2 or 5 times a power of ten.
     */
    static double logProbFloor(HeatmapsResult h, int outputs) {
        double min = 0;
        for (double[] row : h.logProb()) {
            for (int j = h.firstScoredPosition(); j < h.firstScoredPosition() + outputs; j++) {
                min = Double.isFinite(row[j]) ? Math.min(min, row[j]) : min;
            }
        }
        double magnitude = Math.max(-min, 1e-3);
        double decade = Math.pow(10, Math.floor(Math.log10(magnitude)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * decade >= magnitude * (1 - 1e-12)) {
                return -step * decade;
            }
        }
        return -10 * decade;
    }

    /** Top of a token axis: a multiple of 5 at or above the largest token, so the top tick is not crowded. */
    static int tokenAxisMax(int largestToken) {
        return (largestToken + 4) / 5 * 5;
    }

    private static PageModel example(RunData run, ExampleSet set, int e, OutputExplainer explainer,
                                     double logProbFloor) {
        boolean tryPage = explainer != null;
        ModelConfig m = run.config().model();
        Example ex = set.examples().get(e);
        PredictionsResult p = run.analysis().predictions();
        PageModel.Builder page = new PageModel.Builder("examples/" + ex.id(), "example.ftlh", "Example " + ex.id(),
                "How the sorting model handles the example " + ex.id() + " (" + ex.kind() + "): " + ex.description());
        SequenceLayout layout = SequenceLayout.of(m);
        int n = layout.listLength();

        List<String> outputs = layout.outputLabels();
        Chart.Axis tokenAxis = Chart.Axis.value("token", Chart.Format.INTEGER, 0, tokenAxisMax(m.dVocab() - 1));
        predictedVsActual(page, outputs, tokenAxis, p.predicted()[e], p.actual()[e]);
        AttentionResult attention = run.analysis().attention();
        attention(page, attention, e, layout, ex.tokens());
        OutputExplanation why = explainer == null ? null : explainer.explain(ex.tokens());
        WhyViews.Body whyBody = why == null ? null : WhyViews.add(page, m, ex.tokens(), why);
        if (why != null) {
            marginAttribution(page, why, e, outputs, run.analysis().attribution(), attention.expectedSource()[e]);
        }
        attribution(page, run.analysis().attribution(), e, outputs, attention.expectedSource()[e], why != null);
        logProb(page, run.analysis().heatmaps(), e, outputs, logProbFloor);
        patching(page, run.analysis().patching(), ex.id(), layout);
        if (why != null) {
            page.scripts(ModelExport.PATH, "assets/forward.js", "assets/why.js");
        }
        page.body(new Body(ex, tryPage ? TryPage.link("../", m, ex.tokens()) : null,
                tokens(m, layout.prompt(ex.tokens()), null, false), tokens(m, p.actual()[e], null, true),
                tokens(m, p.predicted()[e], p.actual()[e], true), IntStream.range(0, n)
                        .mapToObj(i -> new Position(SequenceLayout.outputKey(i), SequenceLayout.outputLabel(i)))
                        .toList(),
                Integer.toString(p.errors()[e]), Num.sig(Arrays.stream(p.correctProb()[e]).min().orElseThrow()),
                e > 0 ? new Link(set.examples().get(e - 1).id(), set.examples().get(e - 1).id()) : null,
                e + 1 < set.size() ? new Link(set.examples().get(e + 1).id(), set.examples().get(e + 1).id()) : null,
                whyBody));
        List<Preview.Token> row = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            row.add(new Preview.Token(Integer.toString(p.predicted()[e][i]), p.predicted()[e][i] != p.actual()[e][i]));
        }
        // The thumbnail: the queries that predict outputs (rows) over START, the inputs and STOP (columns).
        double[][] outputsToInputs = new double[n][];
        for (int i = 0; i < n; i++) {
            outputsToInputs[i] = Arrays.copyOfRange(attention.pattern()[e][0][layout.predictorOf(i)], layout.start(),
                    layout.stop() + 1);
        }
        page.preview(new Preview(List.of(new Fact("outputs wrong", p.errors()[e] + " of " + n, ""),
                new Fact("lowest p(correct)", Num.sig(Arrays.stream(p.correctProb()[e]).min().orElseThrow()), "")),
                outputsToInputs, Chart.Scale.SEQUENTIAL, "attention of each output to the input", row));
        return page.build();
    }

    private static void predictedVsActual(PageModel.Builder page, List<String> outputs, Chart.Axis y,
                                          int[] predicted, int[] actual) {
        List<Chart.Series> series = List.of(
                new Chart.Series("predicted", Chart.Series.Role.POINTS, new Chart.Ints(predicted)),
                new Chart.Series("actual", Chart.Series.Role.POINTS, new Chart.Ints(actual)));
        Csv csv = new Csv(List.of("output", "predicted", "actual"));
        for (int i = 0; i < actual.length; i++) {
            csv.row(List.of(outputs.get(i), Integer.toString(predicted[i]), Integer.toString(actual[i])));
        }
        Chart.Download d = page.file("predicted-vs-actual", "csv", csv.toString());
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < actual.length; i++) {
            if (predicted[i] != actual[i]) {
                wrong.add(outputs.get(i) + " (predicted " + predicted[i] + ", correct " + actual[i] + ")");
            }
        }
        int shown = Math.min(wrong.size(), 4);
        String finding = wrong.isEmpty() ? "Here every one of the " + actual.length + " outputs is right."
                : "Here " + wrong.size() + " of " + actual.length + " outputs are wrong: "
                + String.join(", ", wrong.subList(0, shown))
                + (wrong.size() > shown ? " and " + (wrong.size() - shown) + " more" : "") + ".";
        page.chart(Chart.builder("predicted-vs-actual", Chart.Kind.LINE, "Predicted vs actual next token", "Top-logit "
                        + "token and correct token at each sorted output; where the two lines part, the model is "
                        + "wrong. " + finding)
                .axes(Chart.Axis.category("output", outputs), y).variants(List.of(Chart.Variant.all(series)))
                .downloads(List.of(d)).height(320).positions(new Chart.Positions("x", 0, actual.length)).build());
    }

    private static void attention(PageModel.Builder page, AttentionResult a, int e, SequenceLayout layout,
                                  int[] tokens) {
        int n = layout.listLength();
        List<Charts.HeatmapView> views = new ArrayList<>();
        List<int[][]> marks = new ArrayList<>();
        for (int h = 0; h < a.heads().size(); h++) {
            views.add(new Charts.HeatmapView(a.heads().get(h), a.heads().get(h), a.pattern()[e][h]));
            int[][] cells = new int[n][];
            for (int i = 0; i < n; i++) {
                cells[i] = new int[] {a.expectedSource()[e][i], layout.predictorOf(i)};
            }
            marks.add(cells);
        }
        Charts.heatmap("attention", "Attention pattern", "Attention weight from each query position (rows) to "
                        + "each key position (columns); green outlines mark the input position holding the value each "
                        + "sorted output should copy (" + a.duplicatesRule() + "). " + attentionFinding(a, e, layout, tokens))
                .x("key position", a.positionLabels()).y("query position", a.positionLabels())
                .views("attention", views)
                .selector(new Chart.Selector("head", "Head")).markers(new Charts.Markers("expected source", marks))
                .height(760)
                .positions(new Chart.Positions("y", layout.predictorOf(0), n))
                .addTo(page);
    }

    /**
     * Per head: at how many outputs the query's largest weight is on a position holding the correct value (with
     * duplicates, any copy will do), and where the weight on the expected source is lowest.
     */
    static String attentionFinding(AttentionResult a, int e, SequenceLayout layout, int[] tokens) {
        int n = layout.listLength();
        List<String> parts = new ArrayList<>();
        for (int h = 0; h < a.heads().size(); h++) {
            double[][] pattern = a.pattern()[e][h];
            int hits = 0;
            int weakest = 0;
            for (int i = 0; i < n; i++) {
                double[] row = pattern[layout.predictorOf(i)];
                int source = a.expectedSource()[e][i];
                hits += tokens[argmax(row)] == tokens[source] ? 1 : 0;
                double weakestWeight = pattern[layout.predictorOf(weakest)][a.expectedSource()[e][weakest]];
                weakest = row[source] < weakestWeight ? i : weakest;
            }
            parts.add((a.heads().size() > 1 ? a.heads().get(h) + ": " : "") + "at " + hits + " of " + n
                    + " outputs the query attends most to a position holding the correct value; the weight on "
                    + "the expected source is lowest at out "
                    + weakest + " (" + Num.sig(pattern[layout.predictorOf(weakest)][a.expectedSource()[e][weakest]])
                    + ")");
        }
        return "Here, " + String.join("; ", parts) + ".";
    }

    private static int argmax(double[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            best = row[i] > row[best] ? i : best;
        }
        return best;
    }

    /**
     * The logit-difference attribution: each exact part of the margin (the correct token's logit minus the strongest
     * wrong one's) at every output, and what each source position carried along that direction. This, not the raw
     * correct logit, is what decides an output: the raw logit is mostly a large shared offset.
     */
    private static void marginAttribution(PageModel.Builder page, OutputExplanation x, int e, List<String> outputs,
                                          AttributionResult a, int[] expectedSource) {
        int n = outputs.size();
        double[][] byComponent = new double[x.components().size()][n];
        double[] means = new double[byComponent.length];
        int top = 0;
        for (int c = 0; c < byComponent.length; c++) {
            for (int i = 0; i < n; i++) {
                byComponent[c][i] = x.marginParts()[i][c];
                means[c] += byComponent[c][i] / n;
            }
            top = Math.abs(means[c]) > Math.abs(means[top]) ? c : top;
        }
        Charts.heatmap("attribution", "Logit-difference attribution", "Contribution of each exact part of the "
                        + "logits (rows: the direct path, the biases, and each head's keys by role, token and "
                        + "position write) to the margin at each sorted output (columns): the correct token's logit "
                        + "minus the strongest wrong token's, so a column sums to the margin and is negative where "
                        + "the model is wrong. The raw correct logit (below) is mostly an offset every token shares; "
                        + "the margin is what picks the answer. Here " + x.components().get(top)
                        + " moves it most, " + Num.sig(means[top]) + " per output on average.")
                .x("output", outputs).y("component", x.components())
                .views("margin part", List.of(new Charts.HeatmapView("all", "all", byComponent)))
                .height(Math.max(320, Charts.CELL_PX * 2 * byComponent.length + 150))
                .positions(new Chart.Positions("x", 0, n))
                .addTo(page);
        List<Charts.HeatmapView> views = new ArrayList<>();
        for (int h = 0; h < a.heads().size(); h++) {
            double[][] rows = new double[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = x.marginBySource()[i][h];
            }
            views.add(new Charts.HeatmapView(a.heads().get(h), a.heads().get(h), rows));
        }
        int fromExpected = 0;
        for (int i = 0; i < n; i++) {
            fromExpected += argmax(x.marginBySource()[i][0]) == expectedSource[i] ? 1 : 0;
        }
        Charts.heatmap("attribution-by-source", "Logit-difference attribution by source position", "The head's "
                        + "contribution to the margin (correct minus strongest wrong logit) at each sorted output "
                        + "(rows), split by the source position it was carried from (columns). Here "
                        + (a.heads().size() > 1 ? a.heads().get(0) + " " : "") + "carries its largest push toward the "
                        + "correct token from the expected source at " + fromExpected + " of " + n + " outputs.")
                .x("source position", a.positionLabels()).y("output", outputs)
                .views("margin contribution", views)
                .selector(new Chart.Selector("head", "Head")).height(560)
                .positions(new Chart.Positions("y", 0, n))
                .addTo(page);
    }

    /**
     * Direct logit attribution of the raw correct logit. With {@code secondary} (the logit-difference charts are on
     * the page) only the by-component view is kept, under {@code attribution-raw}, as the reference it is.
     */
    private static void attribution(PageModel.Builder page, AttributionResult a, int e, List<String> outputs,
                                    int[] expectedSource, boolean secondary) {
        double[][] byComponent = a.byComponent()[e];
        int top = 0;
        double[] means = new double[byComponent.length];
        for (int c = 0; c < byComponent.length; c++) {
            means[c] = Arrays.stream(byComponent[c]).average().orElse(0);
            top = means[c] > means[top] ? c : top;
        }
        Charts.heatmap(secondary ? "attribution-raw" : "attribution", secondary ? "Raw correct-token logit"
                        : "Direct logit attribution", "Contribution of each residual component "
                        + "(rows) to the correct token's logit at each sorted output (columns). Here "
                        + a.components().get(top) + " contributes most, " + Num.sig(means[top])
                        + " per output on average." + (secondary ? " Most of it lifts every value token alike, so it "
                        + "decides nothing: the logit-difference attribution above is what separates the answer from "
                        + "its rival. Kept for comparison with the notebook's direct logit attribution." : ""))
                .x("output", outputs).y("component", a.components())
                .views("logit contribution", List.of(new Charts.HeatmapView("all", "all", a.byComponent()[e])))
                .height(320)
                .positions(new Chart.Positions("x", 0, outputs.size()))
                .addTo(page);
        if (secondary) {
            return;
        }
        List<Charts.HeatmapView> views = new ArrayList<>();
        for (int h = 0; h < a.heads().size(); h++) {
            views.add(new Charts.HeatmapView(a.heads().get(h), a.heads().get(h), a.bySource()[e][h]));
        }
        int fromExpected = 0;
        double[][] first = a.bySource()[e][0];
        for (int i = 0; i < outputs.size(); i++) {
            fromExpected += argmax(first[i]) == expectedSource[i] ? 1 : 0;
        }
        Charts.heatmap("attribution-by-source", "Attribution by source position", "The head's contribution "
                        + "to the correct token's logit at each sorted output (rows), split by the source position "
                        + "it was carried from (columns). Here " + (a.heads().size() > 1 ? a.heads().get(0) + " " : "")
                        + "carries its largest contribution from the expected source at " + fromExpected + " of "
                        + outputs.size() + " outputs.")
                .x("source position", a.positionLabels()).y("output", outputs)
                .views("logit contribution", views)
                .selector(new Chart.Selector("head", "Head")).height(560)
                .positions(new Chart.Positions("y", 0, outputs.size()))
                .addTo(page);
    }

    private static void logProb(PageModel.Builder page, HeatmapsResult h, int e, List<String> outputs,
                                double floor) {
        int first = h.firstScoredPosition();
        double[] y = java.util.Arrays.copyOfRange(h.logProb()[e], first, first + outputs.size());
        Csv csv = new Csv(List.of("output", "log_prob"));
        int lowest = 0;
        for (int i = 0; i < y.length; i++) {
            csv.row(List.of(outputs.get(i), Num.exact(y[i])));
            lowest = y[i] < y[lowest] ? i : lowest;
        }
        Chart.Download d = page.file("log-prob", "csv", csv.toString());
        page.chart(Chart.builder("log-prob", Chart.Kind.LINE, "Log-probability of the correct token", "Log-probability"
                        + " the model gives the correct next token at each sorted output (0 = certain), on the same "
                        + "axis, down to " + Num.sig(floor) + ", for every example. Here the lowest is "
                        + Num.sig(y[lowest]) + " at " + outputs.get(lowest) + " (probability "
                        + Num.sig(Math.exp(y[lowest])) + ").")
                .axes(Chart.Axis.category("output", outputs), Chart.Axis.value("log-prob", Chart.Format.NUMBER,
                        floor, 0))
                .variants(List.of(Chart.Variant.all(List.of(new Chart.Series("log-prob", Chart.Series.Role.POINTS,
                        new Chart.Values(y))))))
                .downloads(List.of(d)).height(320).positions(new Chart.Positions("x", 0, outputs.size())).build());
    }

    /** Adds the example's patching chart when it has patched pairs. */
    private static void patching(PageModel.Builder page, PatchingResult p, String id, SequenceLayout layout) {
        List<Charts.HeatmapView> views = new ArrayList<>();
        String firstRead = "";
        for (PatchingResult.Pair pair : p.pairs()) {
            if (pair.exampleId().equals(id)) {
                views.add(new Charts.HeatmapView(pair.corruption(), pair.corruption() + ": " + pair.description(),
                        pair.normalised()));
                firstRead = views.size() == 1 ? SequenceLayout.outputLabel(pair.readOutput()) : firstRead;
            }
        }
        if (!views.isEmpty()) {
            double[][] m = views.get(0).values();
            int row = 0;
            int col = 0;
            for (int r = 0; r < m.length; r++) {
                for (int c = 0; c < m[r].length; c++) {
                    if (m[r][c] > m[row][col]) {
                        row = r;
                        col = c;
                    }
                }
            }
            Charts.heatmap("patching", "Activation patching", "Fraction of the clean logit difference restored "
                            + "at the one output the corruption changes when one activation (rows) at one position "
                            + "(columns) of the corrupted run is taken from this example's clean run. Positions "
                            + "after that output's query cannot matter and stay 0. Here, for " + views.get(0).key()
                            + " (read at " + firstRead + "), patching "
                            + p.targets().get(row) + " at " + p.positionLabels().get(col) + " restores the most ("
                            + Num.sig(m[row][col]) + ").")
                    .x("position", p.positionLabels()).y("patched activation", p.targets())
                    .views("restored", views)
                    .selector(new Chart.Selector("corruption", "Corruption"))
                    .height(Math.max(260, 30 * p.targets().size() + 150))
                    .positions(new Chart.Positions("x", layout.predictorOf(0), layout.listLength()))
                    .addTo(page);
        }
    }

    private static List<Token> tokens(ModelConfig m, int[] values, int[] expected, boolean outputs) {
        List<Token> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            String text = v == m.startToken() ? "START" : v == m.stopToken() ? "STOP" : Integer.toString(v);
            String css = expected != null ? (v == expected[i] ? "right" : "wrong") : v >= m.valueCount() ? "special" : "";
            String title = expected != null && v != expected[i] ? "predicted " + text + ", correct " + expected[i] : "";
            out.add(new Token(text, css, title, outputs ? SequenceLayout.outputKey(i) : ""));
        }
        return out;
    }
}
