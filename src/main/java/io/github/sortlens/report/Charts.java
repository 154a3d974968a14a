package io.github.sortlens.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the common chart shapes and registers their data downloads with the page. Heatmap data is a matrix
 * {@code [y row][x column]}; diverging heatmaps get a colour range symmetric about 0 so that the neutral middle colour means zero.
 */
public final class Charts {

    private Charts() {
    }

    /** A heatmap view: its selector key and label, and its matrix {@code [y][x]}. */
    public record HeatmapView(String key, String label, double[][] values) {
    }

    /** A line series over numeric x values. */
    public record Line(String name, int[] x, double[] y) {
    }

    /**
     * A line chart over numeric x, downloadable as CSV in long form ({@code series, x, y}).
     *
     * @param yFormat {@code number}, {@code percent} or {@code integer}; {@code log} in {@code yType} for a log axis
     */
    public static Chart lines(PageModel.Builder page, String id, String title, String alt, String xName,
                              Chart.Axis y, List<Line> lines) {
        List<Chart.Series> series = new ArrayList<>();
        Csv csv = new Csv(List.of("series", xName, "value"));
        for (Line l : lines) {
            series.add(Chart.Series.of(l.name(), "line", JsonText.points(l.x(), l.y())));
            for (int i = 0; i < l.x().length; i++) {
                csv.row(List.of(l.name(), Integer.toString(l.x()[i]), Num.exact(l.y()[i])));
            }
        }
        Chart.Download d = page.file(id, "csv", csv.toString());
        Chart chart = new Chart(id, "line", title, alt, Chart.Axis.value(xName, "integer"), y, "",
                List.of(new Chart.Variant("all", "all", series, null, null)), null, List.of(d), 340);
        page.chart(chart);
        return chart;
    }

    /** A bar chart over category labels; several series are grouped. CSV: one column per series. */
    public static Chart bars(PageModel.Builder page, String id, String title, String alt, String xName,
                             List<String> categories, Chart.Axis y, List<String> names, List<double[]> values) {
        List<Chart.Series> series = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add(xName);
        header.addAll(names);
        Csv csv = new Csv(header);
        for (int s = 0; s < names.size(); s++) {
            series.add(Chart.Series.of(names.get(s), "bar", JsonText.numbers(values.get(s))));
        }
        for (int c = 0; c < categories.size(); c++) {
            List<String> row = new ArrayList<>();
            row.add(categories.get(c));
            for (double[] v : values) {
                row.add(Num.exact(v[c]));
            }
            csv.row(row);
        }
        Chart.Download d = page.file(id, "csv", csv.toString());
        Chart chart = new Chart(id, "bar", title, alt, Chart.Axis.category(xName, categories), y, "",
                List.of(new Chart.Variant("all", "all", series, null, null)), null, List.of(d), 320);
        page.chart(chart);
        return chart;
    }

    /**
     * A heatmap with one or more views (a selection when several). CSV: one row per y label (after the view key
     * when there is a selection), one column per x label, values of {@code valueName}.
     *
     * @param diverging red-blue centred at 0 (signed values) rather than a sequential scale from 0
     * @param markers   per view, {@code [x, y]} cells to outline (e.g. expected sources), or {@code null}
     */
    public static Chart heatmap(PageModel.Builder page, String id, String title, String alt, String xName,
                                List<String> xLabels, String yName, List<String> yLabels, String valueName,
                                boolean diverging, Chart.Selector selector, List<HeatmapView> views,
                                List<int[][]> markers, int height) {
        List<Chart.Variant> variants = new ArrayList<>();
        List<String> header = new ArrayList<>();
        if (selector != null) {
            header.add(selector.key());
        }
        header.add(yName + " \\ " + xName);
        header.addAll(xLabels);
        Csv csv = new Csv(header);
        for (int v = 0; v < views.size(); v++) {
            HeatmapView view = views.get(v);
            double max = JsonText.absMax(view.values(), 1e-9);
            List<Chart.Series> series = new ArrayList<>();
            series.add(Chart.Series.of(valueName, "heatmap", JsonText.matrix(view.values())));
            if (markers != null && markers.get(v) != null) {
                series.add(Chart.Series.of("expected source", "marker", cells(markers.get(v))));
            }
            variants.add(new Chart.Variant(view.key(), view.label(), series, diverging ? Num.json(-max) : "0",
                    Num.json(max)));
            for (int r = 0; r < view.values().length; r++) {
                List<String> row = new ArrayList<>();
                if (selector != null) {
                    row.add(view.key());
                }
                row.add(yLabels.get(r));
                for (double value : view.values()[r]) {
                    row.add(Num.exact(value));
                }
                csv.row(row);
            }
        }
        Chart.Download d = page.file(id, "csv", csv.toString());
        Chart chart = new Chart(id, "heatmap", title, alt, Chart.Axis.category(xName, xLabels),
                Chart.Axis.category(yName, yLabels), diverging ? "diverging" : "sequential", variants,
                views.size() > 1 ? selector : null, List.of(d), height);
        page.chart(chart);
        return chart;
    }

    private static String cells(int[][] xy) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < xy.length; i++) {
            b.append(i == 0 ? "" : ",").append('[').append(xy[i][0]).append(',').append(xy[i][1]).append(']');
        }
        return b.append(']').toString();
    }
}
