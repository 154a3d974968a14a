package io.github.sortlens.report;

import io.github.sortlens.analysis.KeyRole;
import io.github.sortlens.analysis.LogitDecomposition;
import io.github.sortlens.analysis.OutputExplanation;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * An example page's "why" views, from its {@link OutputExplanation}: for the selected output, the margin of the
 * correct token over the strongest wrong one by part ({@code why-output}) and each key's attention score by term
 * ({@code why-attention}); for every output, the model's answer beside the reconstruction's, with the part that
 * decided it (the table). The charts' views are the outputs, chosen by the page's output selection ({@code pos}).
 */
public final class WhyViews {

    private WhyViews() {
    }

    /**
     * One output of the explanation table.
     *
     * @param key           the output's selection key ({@code out-j})
     * @param output        its label ({@code out j})
     * @param correct       the correct token
     * @param predicted     the model's answer
     * @param rival         the strongest wrong token
     * @param margin        correct minus rival logit
     * @param reconstructed the full reconstruction's answer
     * @param decisive      the part that decided it, in words
     * @param wrong         the model is wrong here
     * @param differs       the reconstruction's answer is not the model's
     */
    public record Row(String key, String output, String correct, String predicted, String rival, String margin,
                      String reconstructed, String decisive, boolean wrong, boolean differs) {
    }

    /**
     * What the page says about the explanation besides the charts.
     *
     * @param rows    [output] the table
     * @param summary the agreement of model and reconstruction on this list, in words
     */
    public record Body(List<Row> rows, String summary) {
    }

    /** The bar chart's categories: the direct path, the two biases, then each head's key roles. */
    static List<String> partCategories(ModelConfig m) {
        List<String> out = new ArrayList<>(List.of("direct", "b_O", "b_U"));
        for (int h = 0; h < m.nHeads(); h++) {
            for (KeyRole r : KeyRole.values()) {
                out.add((m.nHeads() > 1 ? "H" + h + " " : "") + shortRole(r));
            }
        }
        return out;
    }

    static String shortRole(KeyRole r) {
        return switch (r) {
            case START -> "START";
            case LIST -> "list";
            case STOP -> "STOP";
            case SORTED -> "sorted";
            case QUERY -> "query";
        };
    }

    /** Adds the two charts to the page and returns the table. */
    public static Body add(PageModel.Builder page, ModelConfig m, int[] tokens, OutputExplanation x) {
        SequenceLayout layout = SequenceLayout.of(m);
        int n = layout.listLength();
        marginChart(page, m, x);
        scoreChart(page, m, layout, tokens, x);
        List<Row> rows = new ArrayList<>();
        int wrong = 0;
        int differs = 0;
        int sameError = 0;
        for (int i = 0; i < n; i++) {
            boolean w = x.wrong(i);
            boolean d = x.reconstructed()[i] != x.predicted()[i];
            wrong += w ? 1 : 0;
            differs += d ? 1 : 0;
            sameError += w && !d ? 1 : 0;
            rows.add(new Row(SequenceLayout.outputKey(i), SequenceLayout.outputLabel(i), token(m, x.correct()[i]),
                    token(m, x.predicted()[i]), token(m, x.rival()[i]), Num.sig(x.margin()[i]),
                    token(m, x.reconstructed()[i]), decisive(m, x, i), w, d));
        }
        String summary = "The reconstruction (the mechanism as the Findings page states it, built from the weights) "
                + (differs == 0 ? "gives the model's answer at every one of the " + n + " outputs"
                : "differs from the model at " + differs + " of " + n + " outputs")
                + (wrong == 0 ? "; the model makes no error here." : "; of the model's " + wrong + " error"
                + (wrong == 1 ? "" : "s") + ", the reconstruction makes the same " + sameError + ".");
        return new Body(List.copyOf(rows), summary);
    }

    /** The part that decided output i, in words. */
    static String decisive(ModelConfig m, OutputExplanation x, int i) {
        int j = x.decisive(i);
        String part = partName(m, j);
        double v = x.marginParts()[i][j];
        return x.wrong(i)
                ? part + " put " + token(m, x.rival()[i]) + " ahead by " + Num.sig(-v)
                : part + " kept " + token(m, x.correct()[i]) + " ahead by " + Num.sig(v);
    }

    /** A component's name in words: {@code L0H0 unsorted list token write}, {@code the direct path's token}. */
    static String partName(ModelConfig m, int component) {
        return switch (component) {
            case LogitDecomposition.EMBED -> "the direct path's token (embed)";
            case LogitDecomposition.POS_EMBED -> "the direct path's position (pos_embed)";
            case LogitDecomposition.B_O -> "b_O";
            case LogitDecomposition.B_U -> "b_U";
            default -> {
                int k = component - LogitDecomposition.FIXED;
                int roles = KeyRole.values().length;
                KeyRole r = KeyRole.values()[(k / 2) % roles];
                yield "the " + r.label() + " keys' " + (k % 2 == 0 ? "token" : "position") + " write"
                        + (m.nHeads() > 1 ? " through L0H" + k / (2 * roles) : "");
            }
        };
    }

    private static void marginChart(PageModel.Builder page, ModelConfig m, OutputExplanation x) {
        int n = x.correct().length;
        int roles = KeyRole.values().length;
        List<String> categories = partCategories(m);
        List<Chart.Variant> variants = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] p = x.marginParts()[i];
            double[] token = new double[categories.size()];
            double[] position = new double[categories.size()];
            double[] bias = new double[categories.size()];
            token[0] = p[LogitDecomposition.EMBED];
            position[0] = p[LogitDecomposition.POS_EMBED];
            bias[1] = p[LogitDecomposition.B_O];
            bias[2] = p[LogitDecomposition.B_U];
            for (int h = 0; h < m.nHeads(); h++) {
                for (KeyRole r : KeyRole.values()) {
                    int c = 3 + h * roles + r.ordinal();
                    token[c] = p[LogitDecomposition.component(h, r, false)];
                    position[c] = p[LogitDecomposition.component(h, r, true)];
                }
            }
            variants.add(new Chart.Variant(SequenceLayout.outputKey(i), SequenceLayout.outputLabel(i) + ": "
                    + token(m, x.correct()[i]) + " vs " + token(m, x.rival()[i]), List.of(
                    new Chart.Series("token write", Chart.Series.Role.BAR, new Chart.Values(token)),
                    new Chart.Series("position write", Chart.Series.Role.BAR, new Chart.Values(position)),
                    new Chart.Series("bias", Chart.Series.Role.BAR, new Chart.Values(bias))), null, null));
        }
        List<String> header = new ArrayList<>(List.of("output", "correct", "predicted", "rival", "margin",
                "reconstructed"));
        header.addAll(x.components());
        Csv csv = new Csv(header);
        for (int i = 0; i < n; i++) {
            List<String> row = new ArrayList<>(List.of(SequenceLayout.outputLabel(i), token(m, x.correct()[i]),
                    token(m, x.predicted()[i]), token(m, x.rival()[i]), Num.exact(x.margin()[i]),
                    token(m, x.reconstructed()[i])));
            for (double v : x.marginParts()[i]) {
                row.add(Num.exact(v));
            }
            csv.row(row);
        }
        Chart.Download d = page.file("why-output", "csv", csv.toString());
        int smallest = 0;
        for (int i = 1; i < n; i++) {
            smallest = x.margin()[i] < x.margin()[smallest] ? i : smallest;
        }
        page.chart(Chart.builder("why-output", Chart.Kind.BAR, "Why this output: the margin by part",
                        "The selected output's margin, the correct token's logit minus the strongest wrong token's "
                        + "(negative where the model is wrong), split exactly into the direct path (the query's own "
                        + "token and position through W_U), the biases b_O and b_U, and what the head carries from each "
                        + "kind of key (START, the unsorted list, STOP, earlier sorted outputs, the query itself), each "
                        + "split into the keys' token write and their position write; the bars sum to the margin. "
                        + "Here the smallest margin is " + Num.sig(x.margin()[smallest]) + " at "
                        + SequenceLayout.outputLabel(smallest) + ", where " + decisive(m, x, smallest) + ".")
                .axes(Chart.Axis.category("part", categories), Chart.Axis.value("margin part", Chart.Format.NUMBER))
                .variants(variants).selector(new Chart.Selector("pos", "Output")).downloads(List.of(d)).height(320)
                .build());
    }

    private static void scoreChart(PageModel.Builder page, ModelConfig m, SequenceLayout layout, int[] tokens,
                                   OutputExplanation x) {
        int n = layout.listLength();
        int keys = layout.predictorOf(n - 1) + 1;
        int heads = m.nHeads();
        List<String> terms = new ArrayList<>(x.scoreTerms());
        terms.add("score");
        List<String> rows = new ArrayList<>();
        for (int h = 0; h < heads; h++) {
            for (String t : terms) {
                rows.add(heads > 1 ? "L0H" + h + " " + t : t);
            }
        }
        List<String> columns = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            columns.add(layout.positionLabel(k) + " = " + token(m, tokens[k]));
        }
        List<Charts.HeatmapView> views = new ArrayList<>();
        List<int[][]> marks = new ArrayList<>();
        int worst = 0;
        for (int i = 0; i < n; i++) {
            int q = layout.predictorOf(i);
            double[][] values = new double[rows.size()][keys];
            List<int[]> cells = new ArrayList<>();
            for (int h = 0; h < heads; h++) {
                for (int t = 0; t < x.scoreTerms().size(); t++) {
                    System.arraycopy(x.scoreParts()[i][h][t], 0, values[h * terms.size() + t], 0, q + 1);
                }
                System.arraycopy(x.score()[i][h], 0, values[h * terms.size() + terms.size() - 1], 0, q + 1);
                for (int k = layout.input(0); k < layout.stop(); k++) {
                    if (tokens[k] == x.correct()[i]) {
                        cells.add(new int[] {k, h * terms.size() + terms.size() - 1});
                    }
                }
            }
            views.add(new Charts.HeatmapView(SequenceLayout.outputKey(i), SequenceLayout.outputLabel(i) + " (query "
                    + layout.positionLabel(q) + ")", values));
            marks.add(cells.toArray(new int[0][]));
            worst = answerWeight(layout, tokens, x, i) < answerWeight(layout, tokens, x, worst) ? i : worst;
        }
        double bandMass = bandWeight(layout, tokens, x, worst);
        Charts.heatmap("why-attention", "Why this attention: the score by term", "Each key's attention score for the "
                        + "selected output's query (columns: key position = its token; keys after the query are "
                        + "masked and left 0), split exactly into query-side times key-side terms: the query's token "
                        + "and position embeddings through W_Q against the key's token and position embeddings "
                        + "through W_K, and the bias terms (b_Q against the key, the query against b_K, b_Q against "
                        + "b_K; the last two are the same at every key of a query and move no attention). The last "
                        + "row is their sum, the score the model computes; green outlines mark the list keys holding "
                        + "the correct value. Here the correct value gets the least attention at "
                        + SequenceLayout.outputLabel(worst) + " (" + Num.sig(answerWeight(layout, tokens, x, worst))
                        + " of " + (heads > 1 ? "L0H0's" : "the head's") + " weight), where the band (list keys at or "
                        + "above the previous output) gets " + Num.sig(bandMass) + ".")
                .x("key", columns).y("term", rows).views("score term", views)
                .selector(new Chart.Selector("pos", "Output"))
                .markers(new Charts.Markers("keys holding the correct value", marks))
                .height(Math.max(260, Charts.CELL_PX * 2 * rows.size() + 150))
                .addTo(page);
    }

    /** Head 0's weight at output i on list keys holding the correct value. */
    static double answerWeight(SequenceLayout layout, int[] tokens, OutputExplanation x, int i) {
        double s = 0;
        for (int k = layout.input(0); k < layout.stop(); k++) {
            s += tokens[k] == x.correct()[i] ? x.weight()[i][0][k] : 0;
        }
        return s;
    }

    /** Head 0's weight at output i on the band: list keys at or above the previous output (all of them at out 0). */
    static double bandWeight(SequenceLayout layout, int[] tokens, OutputExplanation x, int i) {
        int previous = i == 0 ? Integer.MIN_VALUE : x.correct()[i - 1];
        double s = 0;
        for (int k = layout.input(0); k < layout.stop(); k++) {
            s += tokens[k] >= previous ? x.weight()[i][0][k] : 0;
        }
        return s;
    }

    static String token(ModelConfig m, int v) {
        return v == m.startToken() ? "START" : v == m.stopToken() ? "STOP" : Integer.toString(v);
    }
}
