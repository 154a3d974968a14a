package io.github.sortlens.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the common chart shapes and registers their data downloads with the page. Heatmap data is a matrix
 * {@code [y row][x column]}; two-sided heatmaps get a colour range symmetric about 0 so that the neutral middle
 * colour means zero, one-sided ones a range from 0.
 */
public final class Charts {

    private Charts() {
    }

    /**
     * A heatmap view: its selector key and label, its matrix {@code [y][x]}, and the colour range, or NaN for both
     * ends to take the range from the values (symmetric about 0 for signed data, else from 0 to the extreme).
     * An explicit range shows the part of the data a caption talks about; values beyond it take the end colour, and
     * tooltips and downloads keep the true values.
     */
    public record HeatmapView(String key, String label, double[][] values, double low, double high) {

        public HeatmapView(String key, String label, double[][] values) {
            this(key, label, values, Double.NaN, Double.NaN);
        }
    }

    /** Cells outlined on a heatmap: their name (for the legend of the caption) and per view {@code [x, y]} pairs. */
    public record Markers(String name, List<int[][]> cells) {
    }

    /** Pixels per heatmap category (row or column): room for an 11 px label with a gap, so labels never touch. */
    static final int CELL_PX = 13;

    /** A line series over numeric x values. */
    public record Line(String name, int[] x, double[] y) {
    }

    /**
     * A line chart over numeric x, downloadable as CSV in long form ({@code series, x, y}).
     *
     * @param y the value axis ({@link Chart.Axis#value} or, for data spanning decades, {@link Chart.Axis#log})
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

    /**
     * One point of a strip chart: a run's value in a category (its group), named in the tooltip; a click opens
     * {@code href} (relative to the page) when it is not null.
     */
    public record Point(String name, int category, double value, String href) {
    }

    /**
     * A strip chart: each point one run (named in its tooltip), one column per category, and each category's median
     * as a bar across its column; a point with a link opens it when clicked. Points with a NaN value are left out (the caption says how many runs have one).
     * CSV: category, run, value.
     */
    public static Chart strip(PageModel.Builder page, String id, String title, String alt, String xName,
                              List<String> categories, Chart.Axis y, List<Point> points) {
        StringBuilder runs = new StringBuilder("[");
        StringBuilder medians = new StringBuilder("[");
        Csv csv = new Csv(List.of(xName, "run", "value"));
        for (int c = 0; c < categories.size(); c++) {
            List<Double> values = new ArrayList<>();
            for (Point p : points) {
                if (p.category() == c && !Double.isNaN(p.value())) {
                    values.add(p.value());
                    runs.append(runs.length() > 1 ? "," : "").append("{\"value\":[").append(c).append(',')
                            .append(Num.json(p.value())).append("],\"name\":").append(JsonText.str(p.name()));
                    if (p.href() != null) {
                        runs.append(",\"href\":").append(JsonText.str(p.href()));
                    }
                    runs.append('}');
                    csv.row(List.of(categories.get(c), p.name(), Num.exact(p.value())));
                }
            }
            if (!values.isEmpty()) {
                medians.append(medians.length() > 1 ? "," : "").append("{\"value\":[").append(c).append(',')
                        .append(Num.json(median(values))).append("],\"name\":\"median\"}");
            }
        }
        List<Chart.Series> series = List.of(Chart.Series.of("runs", "runs", runs + "]"),
                Chart.Series.of("median", "median", medians + "]"));
        Chart.Download d = page.file(id, "csv", csv.toString());
        Chart chart = new Chart(id, "strip", title, alt, Chart.Axis.category(xName, categories), y, "",
                List.of(new Chart.Variant("all", "all", series, null, null)), null, List.of(d), 260);
        page.chart(chart);
        return chart;
    }

    /** The median (mean of the middle two for an even count). */
    public static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** A bar chart over category labels; several series are grouped. CSV: one column per series. */
    public static Chart bars(PageModel.Builder page, String id, String title, String alt, String xName,
                             List<String> categories, Chart.Axis y, List<String> names, List<double[]> values) {
        List<String> data = new ArrayList<>();
        for (double[] v : values) {
            data.add(JsonText.numbers(v));
        }
        return bars(page, id, title, alt, xName, categories, y, names, values, data, List.of());
    }

    /**
     * Bars of rates with the number of tokens each rests on: the tooltip gives every count, a bar on fewer than
     * {@code thin} tokens is drawn with its count written on it, and an empty category (no tokens) keeps its place on
     * the axis with no bar, so a gap in the data is seen rather than skipped. CSV: category, rate, tokens.
     */
    public static Chart countedBars(PageModel.Builder page, String id, String title, String alt, String xName,
                                    List<String> categories, Chart.Axis y, String name, double[] rates,
                                    long[] tokens, long thin) {
        StringBuilder items = new StringBuilder("[");
        for (int c = 0; c < categories.size(); c++) {
            items.append(c == 0 ? "" : ",").append("{\"value\":")
                    .append(tokens[c] == 0 ? "null" : Num.json(rates[c])).append(",\"tokens\":").append(tokens[c]);
            if (tokens[c] > 0 && tokens[c] < thin) {
                items.append(",\"thin\":true,\"itemStyle\":{\"opacity\":0.45}");
            }
            items.append('}');
        }
        items.append(']');
        return bars(page, id, title, alt, xName, categories, y, List.of(name), List.of(rates),
                List.of(items.toString()), List.of(tokens));
    }

    private static Chart bars(PageModel.Builder page, String id, String title, String alt, String xName,
                              List<String> categories, Chart.Axis y, List<String> names, List<double[]> values,
                              List<String> data, List<long[]> counts) {
        List<Chart.Series> series = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add(xName);
        header.addAll(names);
        if (!counts.isEmpty()) {
            header.add("tokens");
        }
        Csv csv = new Csv(header);
        for (int s = 0; s < names.size(); s++) {
            series.add(Chart.Series.of(names.get(s), "bar", data.get(s)));
        }
        for (int c = 0; c < categories.size(); c++) {
            List<String> row = new ArrayList<>();
            row.add(categories.get(c));
            boolean empty = !counts.isEmpty() && counts.get(0)[c] == 0;
            for (double[] v : values) {
                row.add(empty ? "" : Num.exact(v[c]));
            }
            if (!counts.isEmpty()) {
                row.add(Long.toString(counts.get(0)[c]));
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
     * <p>The colour scale follows the data of all views: two-sided (red-blue, centred at 0) only when the values
     * have both signs, else one-sided from 0, so no half of the scale is spent on values that do not occur.
     *
     * @param markers cells to outline (e.g. expected sources), or {@code null}
     * @param height  CSS pixel height at least; raised so that every row has {@link #CELL_PX} pixels
     */
    public static Chart heatmap(PageModel.Builder page, String id, String title, String alt, String xName,
                                List<String> xLabels, String yName, List<String> yLabels, String valueName,
                                Chart.Selector selector, List<HeatmapView> views, Markers markers, int height) {
        return heatmap(page, id, title, alt, xName, xLabels, yName, yLabels, valueName, selector, views, markers,
                height, false);
    }

    /**
     * A heatmap whose colours follow {@link #symlog(double)} of the values (see {@link Chart#symlog()}): for data
     * spanning several decades, such as log-probabilities from -0.01 to -2,500. Colour ranges given in the views are
     * in data units and converted.
     */
    public static Chart symlogHeatmap(PageModel.Builder page, String id, String title, String alt, String xName,
                                      List<String> xLabels, String yName, List<String> yLabels, String valueName,
                                      List<HeatmapView> views, int height) {
        return heatmap(page, id, title, alt, xName, xLabels, yName, yLabels, valueName, null, views, null, height,
                true);
    }

    /** {@code sign(v) log10(1 + |v|)}: linear near 0, logarithmic beyond 1, defined for every sign. */
    public static double symlog(double v) {
        return Math.signum(v) * Math.log10(1 + Math.abs(v));
    }

    private static Chart heatmap(PageModel.Builder page, String id, String title, String alt, String xName,
                                 List<String> xLabels, String yName, List<String> yLabels, String valueName,
                                 Chart.Selector selector, List<HeatmapView> views, Markers markers, int height,
                                 boolean symlog) {
        String scale = scale(views);
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
            List<Chart.Series> series = new ArrayList<>();
            String colour = symlog ? ",\"colour\":" + JsonText.matrix(symlog(view.values())) : "";
            series.add(Chart.Series.of(valueName, "heatmap",
                    "{\"matrix\":" + JsonText.matrix(view.values()) + colour + "}"));
            if (markers != null && markers.cells().get(v) != null) {
                series.add(Chart.Series.of(markers.name(), "marker", cells(markers.cells().get(v))));
            }
            double[] range = range(view, scale);
            if (symlog) {
                range = new double[] {symlog(range[0]), symlog(range[1])};
            }
            variants.add(new Chart.Variant(view.key(), view.label(), series, Num.json(range[0]), Num.json(range[1])));
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
        Chart.Axis x = Chart.Axis.category(xName, xLabels);
        int yLabelPx = Chart.Axis.CHAR_PX * yLabels.stream().mapToInt(String::length).max().orElse(0);
        // Grid: 40 px above, the x labels and title below, then the horizontal colour bar (about 60 px).
        int fullHeight = Math.max(height, CELL_PX * yLabels.size() + 40 + x.rotatedGap() + 24 + 60);
        int minWidth = CELL_PX * xLabels.size() + yLabelPx + 40;
        Chart chart = new Chart(id, "heatmap", title, alt, x, Chart.Axis.category(yName, yLabels), scale, variants,
                views.size() > 1 ? selector : null, List.of(d), fullHeight, null, minWidth, symlog);
        page.chart(chart);
        return chart;
    }

    private static double[][] symlog(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = java.util.Arrays.stream(m[i]).map(Charts::symlog).toArray();
        }
        return out;
    }

    /** {@code diverging} when the views hold values of both signs, {@code negative} when none is above 0. */
    static String scale(List<HeatmapView> views) {
        boolean negative = false;
        boolean positive = false;
        for (HeatmapView view : views) {
            for (double[] row : view.values()) {
                for (double v : row) {
                    negative |= v < 0 && Double.isFinite(v);
                    positive |= v > 0 && Double.isFinite(v);
                }
            }
        }
        return negative && positive ? "diverging" : negative ? "negative" : "sequential";
    }

    /** The view's colour range: its explicit one, else symmetric about 0, or from 0 to the extreme on one side. */
    static double[] range(HeatmapView view, String scale) {
        if (!Double.isNaN(view.low()) && !Double.isNaN(view.high())) {
            return new double[] {view.low(), view.high()};
        }
        double max = JsonText.absMax(view.values(), 1e-9);
        return switch (scale) {
            case "diverging" -> new double[] {-max, max};
            case "negative" -> new double[] {-max, 0};
            default -> new double[] {0, max};
        };
    }

    private static String cells(int[][] xy) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < xy.length; i++) {
            b.append(i == 0 ? "" : ",").append('[').append(xy[i][0]).append(',').append(xy[i][1]).append(']');
        }
        return b.append(']').toString();
    }
}
