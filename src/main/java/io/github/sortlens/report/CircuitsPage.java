package io.github.sortlens.report;

import io.github.sortlens.analysis.CircuitsResult;

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

    public static PageModel build(RunData run) {
        CircuitsResult c = run.analysis().circuits().orElseThrow();
        PageModel.Builder page = new PageModel.Builder("circuits", "circuits.ftlh", "Circuits",
                "The QK and OV circuits of the sorting model's attention head over token and position embeddings, "
                        + "the direct path and the OV eigenvalues with the copying score.");
        Chart.Selector byHead = new Chart.Selector("head", "Head");
        List<Charts.HeatmapView> qk = new ArrayList<>();
        List<Charts.HeatmapView> ov = new ArrayList<>();
        List<HeadReading> readings = new ArrayList<>();
        for (CircuitsResult.HeadCircuits h : c.heads()) {
            qk.add(new Charts.HeatmapView(h.head(), h.head(), h.qk()));
            ov.add(new Charts.HeatmapView(h.head(), h.head(), transpose(h.ov())));
            readings.add(new HeadReading(h.head(), Num.fixed(h.copyingScore(), 3),
                    Num.percent(h.fractionTopKeyLarger(), 1), Num.percent(h.ovDiagonalArgmaxFraction(), 1),
                    Num.fixed(h.ovDiagonalZScoreMean(), 2)));
        }
        int e = c.embeddingLabels().size();
        Charts.heatmap(page, "qk", "QK circuit", "Attention score (before scaling by 1/sqrt(d_head)) a query "
                        + "embedding row gives a key embedding column, over all " + e + " token and position "
                        + "embeddings; red negative, blue positive, white zero.", "key", c.embeddingLabels(),
                "query", c.embeddingLabels(), "QK score", true, byHead, qk, null, 900);
        Charts.heatmap(page, "ov", "OV circuit", "Logit each output token (rows) receives through the head when "
                        + "it fully attends to a source embedding (columns); a copying head has a blue diagonal on "
                        + "the token block.", "source embedding", c.embeddingLabels(), "output token",
                c.tokenLabels(), "logit", true, byHead, ov, null, 560);
        Charts.heatmap(page, "direct-path", "Direct path", "Logit of each output token (columns) written "
                        + "directly by each source token's embedding (rows), W_E W_U, bypassing the head.",
                "output token", c.tokenLabels(), "source token", c.tokenLabels(), "logit", true, null,
                List.of(new Charts.HeatmapView("all", "all", c.directPath())), null, 560);
        eigenChart(page, c);
        page.put("readings", readings);
        page.put("nEmbeddings", Integer.toString(e));
        return page.build();
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
                Chart.Axis.value("eigenvalue", "number"), lines);
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
