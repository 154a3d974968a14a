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
     * @param tokens  the sequence, space-separated, for the page's script that computes the score chart
     */
    public record Body(List<Row> rows, String summary, String tokens) {
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
        return new Body(List.copyOf(rows), summary, java.util.Arrays.stream(tokens).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(" ")));
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
                yield keys(r) + " " + (k % 2 == 0 ? "token" : "position") + " write"
                        + (m.nHeads() > 1 ? " through L0H" + k / (2 * roles) : "");
            }
        };
    }

    /** Whose write it is, in words (as {@code site/why.js} says it). */
    static String keys(KeyRole r) {
        return switch (r) {
            case START -> "the START key's";
            case LIST -> "the unsorted list keys'";
            case STOP -> "the STOP key's";
            case SORTED -> "the earlier sorted keys'";
            case QUERY -> "the query's own key's";
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

    /**
     * The score by term, per output: its data is computed in the page ({@code site/why.js}, from the exported
     * weights, equal to {@link io.github.sortlens.analysis.OutputExplainer} within 1e-4 relative, checked in a
     * browser test) because the 20 outputs' terms at every key would cost each example page about 150 KB. Its CSV is
     * made in the page too.
     */
    static Chart scoreChart(ModelConfig m, SequenceLayout layout, String caption, boolean byPosition) {
        int n = layout.listLength();
        int keys = layout.predictorOf(n - 1) + 1;
        List<String> rows = scoreRows(m);
        List<Chart.Variant> variants = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            variants.add(new Chart.Variant(byPosition ? SequenceLayout.outputKey(i) : Integer.toString(i),
                    SequenceLayout.outputLabel(i) + " (query " + layout.positionLabel(layout.predictorOf(i)) + ")",
                    List.of(new Chart.Series("score term", Chart.Series.Role.HEATMAP, new Chart.Empty()),
                            new Chart.Series("expected keys", Chart.Series.Role.MARKER,
                                    new Chart.Empty())), -1.0, 1.0));
        }
        return Chart.builder("why-attention", Chart.Kind.HEATMAP, "Why this attention: the score by term", "Each "
                        + "key's attention score for the selected output's query (columns: key positions; keys after "
                        + "the query are masked and left 0), split exactly into query-side times key-side terms: the "
                        + "query's token and position embeddings through W_Q against the key's token and position "
                        + "embeddings through W_K, and the bias terms (b_Q against the key, the query against b_K, b_Q "
                        + "against b_K; the last two are the same at every key of a query and move no attention). The "
                        + "score row is their sum, the score the model computes, and the weight row its softmax (the "
                        + "attention); green outlines mark the keys the mechanism expects: on the score row the list keys holding the "
                        + "correct value, on the weight row the band (list keys at or above the previous output; every "
                        + "list key at out 0). " + caption)
                .axes(Chart.Axis.category("key position", layout.positionLabels().subList(0, keys)),
                        Chart.Axis.category("term", rows))
                .colours(Chart.Scale.DIVERGING).variants(variants)
                .selector(new Chart.Selector(byPosition ? "pos" : "out", "Output"))
                .downloads(List.of(new Chart.Download("CSV", "#why-attention")))
                .height(Math.max(300, Charts.CELL_PX * 2 * rows.size() + 170)).build();
    }

    /** [row] the score chart's rows: per head the seven terms, the score and the softmax weight. */
    static List<String> scoreRows(ModelConfig m) {
        List<String> terms = new ArrayList<>(io.github.sortlens.analysis.OutputExplainer.SCORE_TERMS);
        terms.add("score");
        terms.add("weight");
        List<String> rows = new ArrayList<>();
        for (int h = 0; h < m.nHeads(); h++) {
            for (String t : terms) {
                rows.add(m.nHeads() > 1 ? "L0H" + h + " " + t : t);
            }
        }
        return rows;
    }

    private static void scoreChart(PageModel.Builder page, ModelConfig m, SequenceLayout layout, int[] tokens,
                                   OutputExplanation x) {
        int worst = 0;
        for (int i = 1; i < layout.listLength(); i++) {
            worst = answerWeight(layout, tokens, x, i) < answerWeight(layout, tokens, x, worst) ? i : worst;
        }
        page.chart(scoreChart(m, layout, "Here the correct value gets the least attention at "
                + SequenceLayout.outputLabel(worst) + " (" + Num.sig(answerWeight(layout, tokens, x, worst)) + " of "
                + (m.nHeads() > 1 ? "L0H0's" : "the head's") + " weight), where the band (list keys at or above the "
                + "previous output) gets " + Num.sig(bandWeight(layout, tokens, x, worst)) + ".", true));
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
