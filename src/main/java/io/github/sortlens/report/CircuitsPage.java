package io.github.sortlens.report;

import io.github.sortlens.analysis.BaselineResult;
import io.github.sortlens.analysis.CircuitsResult;
import io.github.sortlens.analysis.WeightCircuits;
import io.github.sortlens.data.SequenceLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The circuits page: per head, the QK circuit over token and position embeddings (the notebook's 74 x 74 with its
 * labels), the OV circuit, then the direct path and the OV eigenvalues with the copying score. Heads are a selection.
 */
public final class CircuitsPage {

    private CircuitsPage() {
    }

    /** One head's readings in words, already formatted. */
    public record HeadReading(String head, String copyingScore, String topKeyLarger, String ovDiagonal,
                              String ovZScore) {
    }

    /**
     * What {@code circuits.ftlh} lays out besides the charts.
     *
     * @param embeddingCount how many token and position embeddings the QK circuit's rows and columns are
     * @param blockReadings  the four QK blocks in words
     * @param headReadings   per head, the numbers behind the readings, in head order
     * @param baselines      per head and statistic, the trained value beside its untrained and permuted baselines;
     *                       empty for results written before baselines existed
     * @param baselineNote   where the baselines come from, in words; empty with no baselines
     */
    public record Body(String embeddingCount, BlockReadings blockReadings, List<HeadReading> headReadings,
                       List<BaselineRow> baselines, String baselineNote) {
    }

    /**
     * One statistic of one head beside its baselines.
     *
     * @param head      head label
     * @param statistic what it measures
     * @param trained   its value on the trained model
     * @param untrained on the weights training started from
     * @param permuted  on the trained model with the circuit's rows permuted ("n/a" where the null has no value)
     */
    public record BaselineRow(String head, String statistic, String trained, String untrained, String permuted) {
    }

    /** The baselines table's rows: every statistic of every head. */
    static List<BaselineRow> baselineRows(BaselineResult b) {
        List<BaselineRow> out = new ArrayList<>();
        if (b == null) {
            return out;
        }
        for (BaselineResult.HeadBaselines h : b.heads()) {
            List<java.util.function.Function<BaselineResult.Statistics, String>> values = List.of(
                    x -> Num.fixed(x.copyingScore(), 3), x -> Num.percent(x.ovDiagonalFraction(), 1),
                    x -> Num.fixed(x.ovDiagonalZScore(), 2), x -> Num.percent(x.aboveOverBelow(), 1),
                    x -> Num.percent(x.smallerFirst(), 1), x -> Num.fixed(x.meanBandSize(), 2),
                    x -> Num.percent(x.topKeyAbove(), 1), x -> Num.percent(x.topKeyHoldsAnswer(), 1));
            for (int i = 0; i < values.size(); i++) {
                out.add(new BaselineRow(h.head(), BASELINE_STATISTICS.get(i), values.get(i).apply(h.trained()),
                        values.get(i).apply(h.untrained()),
                        i == values.size() - 1 ? "n/a" : values.get(i).apply(h.permuted())));
            }
        }
        return out;
    }

    private static final List<String> BASELINE_STATISTICS = List.of("copying score (OV eigenvalues)",
            "centred OV rows peaking on the same token", "mean centred OV diagonal z-score",
            "score: a key at or above the previous output beats one below",
            "score: of two keys at or above, the smaller wins", "mean band size (keys within ln 10 of the top score)",
            "value queries whose top key (score as computed) is larger",
            "outputs whose most-attended key holds the answer (held out)");

    static String baselineNote(BaselineResult b) {
        if (b == null) {
            return "";
        }
        return "Untrained: " + b.untrainedSource() + ". Permuted: the trained model with the value-token rows "
                + "shuffled (one fixed permutation from the run's seed, moving " + Num.count(moved(b.permutation()))
                + " of " + Num.count(b.permutation().length) + " rows): the score table's query rows for the score "
                + "statistics, the OV circuit's source rows for the copying statistics. Shuffling the query rows "
                + "keeps each row's scores, so the band size is unchanged by design; the permuted model is not one "
                + "runnable model, so it has no attention on held-out data. Attention is measured on "
                + Num.count(b.attentionSequences()) + " held-out sequences.";
    }

    private static long moved(int[] permutation) {
        return IntStream.range(0, permutation.length).filter(i -> permutation[i] != i).count();
    }

    public static PageModel build(RunData run) {
        CircuitsResult c = run.analysis().circuits();
        PageModel.Builder page = new PageModel.Builder("circuits", "circuits.ftlh", "Circuits",
                "The QK and OV circuits of the sorting model's attention head over token and position embeddings, "
                        + "the direct path and the OV eigenvalues with the copying score.");
        Chart.Selector byHead = new Chart.Selector("head", "Head");
        List<Charts.HeatmapView> qk = new ArrayList<>();
        List<Charts.HeatmapView> ov = new ArrayList<>();
        List<Charts.HeatmapView> ovCentred = new ArrayList<>();
        List<int[][]> peaks = new ArrayList<>();
        List<HeadReading> readings = new ArrayList<>();
        for (CircuitsResult.HeadCircuits h : c.heads()) {
            qk.add(new Charts.HeatmapView(h.head(), h.head(), h.qk()));
            ov.add(new Charts.HeatmapView(h.head(), h.head(), transpose(h.ov())));
            double[][] centred = transpose(WeightCircuits.centredTokenBlock(run.config().model(), h.ov()));
            ovCentred.add(new Charts.HeatmapView(h.head(), h.head(), centred));
            peaks.add(rowPeaks(centred));
            readings.add(new HeadReading(h.head(), Num.fixed(h.copyingScore(), 3),
                    Num.percent(h.fractionTopKeyLarger(), 1), Num.percent(h.ovDiagonalArgmaxFraction(), 1),
                    Num.fixed(h.ovDiagonalZScoreMean(), 2)));
        }
        int e = c.embeddingLabels().size();
        Charts.heatmap("qk", "QK circuit", "Attention score (before scaling by 1/sqrt(d_head)) a query "
                        + "embedding row gives a key embedding column, over all " + e + " token and position "
                        + "embeddings; red negative, blue positive, neutral (white, or dark in dark mode) at zero. As in "
                        + "TransformerLens, the biases b_Q and b_K are left out.")
                .x("key", c.embeddingLabels()).y("query", c.embeddingLabels())
                .views("QK score", qk)
                .selector(byHead).height(900)
                .addTo(page);
        qkBlocks(page, c, byHead);
        Charts.heatmap("ov", "OV circuit", "Logit each output token (rows) receives through the head when "
                        + "it fully attends to a source embedding (columns); a copying head has a blue diagonal on "
                        + "the token block.")
                .x("source embedding", c.embeddingLabels()).y("output token", c.tokenLabels())
                .views("logit", ov)
                .selector(byHead).height(560)
                .addTo(page);
        List<String> values = c.tokenLabels().subList(0, run.config().model().valueCount());
        Charts.heatmap("ov-token-block", "OV circuit, value tokens, centred", "The OV circuit's value-token "
                        + "block with each output token's mean over source tokens removed (rows: output token, "
                        + "columns: source token). The full circuit's large shared offset (the same for every source) "
                        + "hides which token is copied; without it a copying head shows a blue diagonal. A few "
                        + "large corner values set the colour range, so each row's largest value is outlined in "
                        + "green: on the diagonal, the head copies that token. The table below measures this block.")
                .x("source token", values).y("output token", values)
                .views("logit - mean over sources", ovCentred)
                .selector(byHead).markers(new Charts.Markers("largest in its row", peaks)).height(560)
                .addTo(page);
        Charts.heatmap("direct-path", "Direct path", "Logit of each output token (columns) written "
                        + "directly by each source token's embedding (rows), W_E W_U, bypassing the head.")
                .x("output token", c.tokenLabels()).y("source token", c.tokenLabels())
                .views("logit", List.of(new Charts.HeatmapView("all", "all", c.directPath())))
                .height(560)
                .addTo(page);
        eigenChart(page, c);
        CircuitsResult.HeadCircuits first = c.heads().get(0);
        HeadReading r = readings.get(0);
        page.preview(Preview.heatmap(List.of(new Fact("copying score", r.copyingScore(), ""),
                new Fact("top value key is larger", r.topKeyLarger(), ""),
                new Fact("OV row peaks on diagonal", r.ovDiagonal(), "")), first.qk(),
                "QK circuit of " + first.head() + ", " + e + " x " + e));
        return page.body(new Body(Integer.toString(e), blockReadings(c, SequenceLayout.of(run.config().model())),
                List.copyOf(readings), baselineRows(run.analysis().baselines()),
                baselineNote(run.analysis().baselines()))).build();
    }

    /**
     * The four blocks of the QK circuit as charts of their own, each with its own colour range: in the full 74 x 74
     * the token block's large scores wash out the position blocks. The blocks are the analysis' own slices of
     * {@code qk} (query rows, key columns), labelled as in the notebook.
     */
    private static void qkBlocks(PageModel.Builder page, CircuitsResult c, Chart.Selector byHead) {
        List<Charts.HeatmapView> tt = new ArrayList<>();
        List<Charts.HeatmapView> pp = new ArrayList<>();
        List<Charts.HeatmapView> pt = new ArrayList<>();
        List<Charts.HeatmapView> tp = new ArrayList<>();
        for (CircuitsResult.HeadCircuits h : c.heads()) {
            tt.add(new Charts.HeatmapView(h.head(), h.head(), h.qkTokenToken()));
            pp.add(new Charts.HeatmapView(h.head(), h.head(), h.qkPositionPosition()));
            pt.add(new Charts.HeatmapView(h.head(), h.head(), h.qkQueryPositionKeyToken()));
            tp.add(new Charts.HeatmapView(h.head(), h.head(), h.qkQueryTokenKeyPosition()));
        }
        List<String> tokens = c.tokenLabels();
        List<String> positions = c.positionLabels();
        Charts.heatmap("qk-token-token", "QK block: token \u2192 token", "QK score a query token (rows) gives a "
                        + "key token (columns), positions left out; red negative, blue positive, neutral (white, or dark in dark mode) at zero.")
                .x("key token", tokens).y("query token", tokens)
                .views("QK score", tt)
                .selector(byHead).height(620)
                .addTo(page);
        Charts.heatmap("qk-position-position", "QK block: position \u2192 position", "QK score a query "
                        + "position (rows) gives a key position (columns), tokens left out; red negative, blue "
                        + "positive, neutral at zero.")
                .x("key position", positions).y("query position", positions)
                .views("QK score", pp)
                .selector(byHead).height(720)
                .addTo(page);
        Charts.heatmap("qk-query-position-key-token", "QK block: query position \u00d7 key token", "QK score "
                        + "a query position (rows) gives a key token (columns): how much a position prefers some "
                        + "values whatever value it holds itself.")
                .x("key token", tokens).y("query position", positions)
                .views("QK score", pt)
                .selector(byHead).height(720)
                .addTo(page);
        Charts.heatmap("qk-query-token-key-position", "QK block: query token \u00d7 key position", "QK score "
                        + "a query token (rows) gives a key position (columns): how much a value looks at some "
                        + "positions whatever they hold.")
                .x("key position", positions).y("query token", tokens)
                .views("QK score", tp)
                .selector(byHead).height(620)
                .addTo(page);
    }

    /**
     * One sentence per QK block, from its numbers: the colour range of each block (so a reader compares blocks that
     * each have their own scale) and the fact the block is there to show. One clause per head.
     */
    static BlockReadings blockReadings(CircuitsResult c, SequenceLayout layout) {
        int values = c.tokenLabels().size() - 2;
        int stop = layout.stop();
        List<String> tt = new ArrayList<>();
        List<String> pp = new ArrayList<>();
        List<String> pt = new ArrayList<>();
        List<String> tp = new ArrayList<>();
        for (CircuitsResult.HeadCircuits h : c.heads()) {
            double tokenRange = Charts.absMax(h.qkTokenToken(), 0);
            String who = c.heads().size() > 1 ? h.head() + ": " : "";
            tt.add(who + "for " + Num.percent(h.fractionTopKeyLarger(), 1) + " of value tokens as query, the "
                    + "highest-scoring value key is a larger value; scores reach \u00b1" + Num.sig(tokenRange) + ".");
            double positionRange = Charts.absMax(h.qkPositionPosition(), 0);
            pp.add(who + "scores reach \u00b1" + Num.sig(positionRange) + ", against \u00b1" + Num.sig(tokenRange)
                    + " in the token block: where a key sits moves attention " + asMuchAs(positionRange, tokenRange)
                    + " the value it holds.");
            double[] stopRow = h.qkQueryPositionKeyToken()[stop];
            pt.add(who + "the query at pos STOP, which predicts the first (smallest) output, scores "
                    + c.tokenLabels().get(argmax(stopRow, values, 1)) + " highest and "
                    + c.tokenLabels().get(argmax(stopRow, values, -1)) + " lowest among values; scores reach \u00b1"
                    + Num.sig(Charts.absMax(h.qkQueryPositionKeyToken(), 0)) + ".");
            double crossRange = Charts.absMax(h.qkQueryTokenKeyPosition(), 0);
            tp.add(who + "scores reach \u00b1" + Num.sig(crossRange) + ", against \u00b1" + Num.sig(tokenRange)
                    + " in the token block: the query's own value shifts attention between positions "
                    + asMuchAs(crossRange, tokenRange) + " the key's value does.");
        }
        return new BlockReadings(String.join(" ", tt), String.join(" ", pp), String.join(" ", pt),
                String.join(" ", tp));
    }

    /** How a block's score range compares with another's, in words: "far less than" ... "more than". */
    static String asMuchAs(double range, double other) {
        double ratio = range / other;
        return ratio < 0.25 ? "far less than" : ratio < 0.8 ? "less than" : ratio <= 1.25 ? "about as much as"
                : "more than";
    }

    /** The plain-language readings of the four QK blocks, in page order. */
    public record BlockReadings(String tokenToken, String positionPosition, String queryPositionKeyToken,
                                String queryTokenKeyPosition) {
    }

    /** Index of the largest ({@code sign = 1}) or smallest ({@code sign = -1}) of the first {@code n} entries. */
    private static int argmax(double[] row, int n, int sign) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (sign * row[i] > sign * row[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void eigenChart(PageModel.Builder page, CircuitsResult c) {
        List<Charts.Line> lines = new ArrayList<>();
        for (CircuitsResult.HeadCircuits h : c.heads()) {
            int[] idx = IntStream.range(0, h.eigenReal().length).toArray();
            lines.add(new Charts.Line(h.head() + " real part", idx, h.eigenReal()));
            lines.add(new Charts.Line(h.head() + " imaginary part", idx, h.eigenImag()));
        }
        Charts.lines(page, "eigenvalues", "OV eigenvalues", "Real and imaginary parts of the eigenvalues of the "
                        + "full OV circuit W_E W_V W_O W_U, by decreasing magnitude; mostly positive real parts mean "
                        + "the head copies the token it attends to.", "eigenvalue rank",
                Chart.Axis.value("eigenvalue", Chart.Format.NUMBER), lines);
    }

    /** {@code [x, y]} of each row's largest value: row y's peak column x. */
    static int[][] rowPeaks(double[][] m) {
        int[][] cells = new int[m.length][];
        for (int y = 0; y < m.length; y++) {
            cells[y] = new int[] {argmax(m[y], m[y].length, 1), y};
        }
        return cells;
    }

    static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }
}
