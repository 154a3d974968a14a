package io.github.sortlens.report;

import java.util.List;

/**
 * What the link-preview card of one page shows about that page: a shared link unfurls with this page's own numbers
 * and picture, not the site's. Arrays are the page's own data (not copied: a view model is built once and read).
 *
 * @param headlines  up to three numbers with labels ({@link Fact#label()}, {@link Fact#value()}; notes unused)
 * @param matrix     a heatmap thumbnail {@code [row][column]}, or {@code null}
 * @param scale      the heatmap's colours, as {@link Chart#scale()}
 * @param chartLabel the thumbnail's caption
 * @param tokens     a row of tokens with the wrong ones marked (an example's prediction), or empty
 */
public record Preview(List<Fact> headlines, double[][] matrix, Chart.Scale scale, String chartLabel,
                      List<Token> tokens) {

    public Preview {
        headlines = List.copyOf(headlines);
        tokens = List.copyOf(tokens);
    }

    /** One token of the row: its text and whether the model got it wrong. */
    public record Token(String text, boolean wrong) {
    }

    /** A heatmap thumbnail with headline numbers, coloured as the page's chart of the same data. */
    public static Preview heatmap(List<Fact> headlines, double[][] matrix, String chartLabel) {
        return new Preview(headlines, matrix, Charts.scale(List.of(new Charts.HeatmapView("", "", matrix))),
                chartLabel, List.of());
    }
}
