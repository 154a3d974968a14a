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
        return lines(page, id, title, alt, xName, y, lines, 340);
    }

    /** As {@link #lines(PageModel.Builder, String, String, String, String, Chart.Axis, List)}, {@code height} px high. */
    public static Chart lines(PageModel.Builder page, String id, String title, String alt, String xName,
                              Chart.Axis y, List<Line> lines, int height) {
        List<Chart.Series> series = new ArrayList<>();
        Csv csv = new Csv(List.of("series", xName, "value"));
        for (Line l : lines) {
            series.add(new Chart.Series(l.name(), Chart.Series.Role.LINE, new Chart.XY(l.x(), l.y())));
            for (int i = 0; i < l.x().length; i++) {
                csv.row(List.of(l.name(), Integer.toString(l.x()[i]), Num.exact(l.y()[i])));
            }
        }
        Chart.Download d = page.file(id, "csv", csv.toString());
        Chart chart = Chart.builder(id, Chart.Kind.LINE, title, alt)
                .axes(Chart.Axis.value(xName, Chart.Format.INTEGER), y)
                .variants(List.of(Chart.Variant.all(series))).downloads(List.of(d)).height(height).build();
        page.chart(chart);
        return chart;
    }

    /**
     * A strip chart: each point one run (named in its tooltip), one column per category, and each category's median
     * as a bar across its column; a point with a link opens it when clicked. Points with a NaN value are left out
     * (the caption says how many runs have one). CSV: category, run, value.
     */
    public static Chart strip(PageModel.Builder page, String id, String title, String alt, String xName,
                              List<String> categories, Chart.Axis y, List<Chart.Point> points) {
        List<Chart.Point> runs = new ArrayList<>();
        List<Chart.Point> medians = new ArrayList<>();
        Csv csv = new Csv(List.of(xName, "run", "value"));
        for (int c = 0; c < categories.size(); c++) {
            List<Double> values = new ArrayList<>();
            for (Chart.Point p : points) {
                if (p.category() == c && !Double.isNaN(p.value())) {
                    values.add(p.value());
                    runs.add(p);
                    csv.row(List.of(categories.get(c), p.name(), Num.exact(p.value())));
                }
            }
            if (!values.isEmpty()) {
                medians.add(new Chart.Point("median", c, median(values), null));
            }
        }
        List<Chart.Series> series = List.of(
                new Chart.Series("runs", Chart.Series.Role.RUNS, new Chart.Points(runs)),
                new Chart.Series("median", Chart.Series.Role.MEDIAN, new Chart.Points(medians)));
        Chart.Download d = page.file(id, "csv", csv.toString());
        Chart chart = Chart.builder(id, Chart.Kind.STRIP, title, alt).axes(Chart.Axis.category(xName, categories), y)
                .variants(List.of(Chart.Variant.all(series))).downloads(List.of(d)).height(260).build();
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
        return bars(page, id, title, alt, xName, categories, y, names, values, List.of());
    }

    /** A bar chart with more data files than its own CSV (listed after it). */
    public static Chart bars(PageModel.Builder page, String id, String title, String alt, String xName,
                             List<String> categories, Chart.Axis y, List<String> names, List<double[]> values,
                             List<Chart.Download> more) {
        List<String> header = new ArrayList<>();
        header.add(xName);
        header.addAll(names);
        Csv csv = new Csv(header);
        for (int c = 0; c < categories.size(); c++) {
            List<String> row = new ArrayList<>();
            row.add(categories.get(c));
            for (double[] v : values) {
                row.add(Num.exact(v[c]));
            }
            csv.row(row);
        }
        List<Chart.Series> series = new ArrayList<>();
        for (int s = 0; s < names.size(); s++) {
            series.add(new Chart.Series(names.get(s), Chart.Series.Role.BAR, new Chart.Values(values.get(s))));
        }
        return bars(page, id, title, alt, xName, categories, y, series, csv, more);
    }

    /**
     * Bars of rates with the number of tokens each rests on: the tooltip gives every count, a bar on fewer than
     * {@code thin} tokens is drawn with its count written on it, and an empty category (no tokens) keeps its place on
     * the axis with no bar, so a gap in the data is seen rather than skipped. CSV: category, rate, tokens.
     */
    public static Chart countedBars(PageModel.Builder page, String id, String title, String alt, String xName,
                                    List<String> categories, Chart.Axis y, String name, double[] rates,
                                    long[] tokens, long thin) {
        Csv csv = new Csv(List.of(xName, name, "tokens"));
        for (int c = 0; c < categories.size(); c++) {
            csv.row(List.of(categories.get(c), tokens[c] == 0 ? "" : Num.exact(rates[c]), Long.toString(tokens[c])));
        }
        List<Chart.Series> series = List.of(new Chart.Series(name, Chart.Series.Role.BAR,
                new Chart.Counted(rates, tokens, thin)));
        return bars(page, id, title, alt, xName, categories, y, series, csv, List.of());
    }

    private static Chart bars(PageModel.Builder page, String id, String title, String alt, String xName,
                              List<String> categories, Chart.Axis y, List<Chart.Series> series, Csv csv,
                              List<Chart.Download> more) {
        List<Chart.Download> downloads = new ArrayList<>();
        downloads.add(page.file(id, "csv", csv.toString()));
        downloads.addAll(more);
        Chart chart = Chart.builder(id, Chart.Kind.BAR, title, alt).axes(Chart.Axis.category(xName, categories), y)
                .variants(List.of(Chart.Variant.all(series))).downloads(downloads).height(320).build();
        page.chart(chart);
        return chart;
    }

    /**
     * Starts a heatmap with one or more views (a selection when several): give it its axes and views, then
     * {@linkplain Heatmap#addTo add it} to a page. CSV: one row per y label (after the view key when there is a
     * selector), one column per x label.
     *
     * <p>The colour scale follows the data of all views: two-sided (red-blue, centred at 0) only when the values
     * have both signs, else one-sided from 0, so no half of the scale is spent on values that do not occur.
     */
    public static Heatmap heatmap(String id, String title, String alt) {
        return new Heatmap(id, title, alt);
    }

    /** {@code sign(v) log10(1 + |v|)}: linear near 0, logarithmic beyond 1, defined for every sign. */
    public static double symlog(double v) {
        return Math.signum(v) * Math.log10(1 + Math.abs(v));
    }

    /** The parts of a heatmap, set by name; {@link #addTo} builds the chart once they are all there. */
    public static final class Heatmap {
        private final String id;
        private final String title;
        private final String alt;
        private String xName;
        private List<String> xLabels;
        private String yName;
        private List<String> yLabels;
        private String valueName;
        private List<HeatmapView> views;
        private Chart.Selector selector;
        private Markers markers;
        private int height;
        private boolean symlog;
        private Chart.Positions positions;

        private Heatmap(String id, String title, String alt) {
            this.id = id;
            this.title = title;
            this.alt = alt;
        }

        /** The columns: the axis name and one label per column. */
        public Heatmap x(String name, List<String> labels) {
            xName = name;
            xLabels = labels;
            return this;
        }

        /** The rows: the axis name and one label per row. */
        public Heatmap y(String name, List<String> labels) {
            yName = name;
            yLabels = labels;
            return this;
        }

        /** What the cells hold (named in tooltips and the CSV) and the views, the first shown first. */
        public Heatmap views(String name, List<HeatmapView> list) {
            valueName = name;
            views = List.copyOf(list);
            return this;
        }

        /** What the views are chosen by; shown only when there are several views, named in the CSV always. */
        public Heatmap selector(Chart.Selector s) {
            selector = s;
            return this;
        }

        /** Cells to outline (e.g. expected sources). */
        public Heatmap markers(Markers m) {
            markers = m;
            return this;
        }

        /** CSS pixel height at least; raised so that every row has {@link #CELL_PX} pixels. */
        public Heatmap height(int px) {
            height = px;
            return this;
        }

        /**
         * Colours follow {@link #symlog(double)} of the values (see {@link Chart#symlog()}): for data spanning
         * several decades, such as log-probabilities from -0.01 to -2,500. Colour ranges given in the views are in
         * data units and converted.
         */
        public Heatmap symlog() {
            symlog = true;
            return this;
        }

        /** Which axis categories are the page's output positions. */
        public Heatmap positions(Chart.Positions p) {
            positions = p;
            return this;
        }

        /** Builds the chart, writes its CSV beside the page and adds it to the page. */
        public Chart addTo(PageModel.Builder page) {
            if (xLabels == null || yLabels == null || views == null) {
                throw new ReportException("heatmap " + id + " needs its x axis, y axis and views");
            }
            Chart.Scale scale = scale(views);
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
                series.add(new Chart.Series(valueName, Chart.Series.Role.HEATMAP,
                        new Chart.Matrix(view.values(), symlog ? symlogAll(view.values()) : null)));
                if (markers != null && markers.cells().get(v) != null) {
                    series.add(new Chart.Series(markers.name(), Chart.Series.Role.MARKER,
                            new Chart.Cells(markers.cells().get(v))));
                }
                double[] range = range(view, scale);
                if (symlog) {
                    range = new double[] {Charts.symlog(range[0]), Charts.symlog(range[1])};
                }
                variants.add(new Chart.Variant(view.key(), view.label(), series, range[0], range[1]));
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
            Chart.Builder chart = Chart.builder(id, Chart.Kind.HEATMAP, title, alt)
                    .axes(x, Chart.Axis.category(yName, yLabels))
                    .variants(variants).selector(views.size() > 1 ? selector : null).downloads(List.of(d))
                    .height(fullHeight).positions(positions).minWidth(minWidth);
            Chart built = (symlog ? chart.symlogColours(scale) : chart.colours(scale)).build();
            page.chart(built);
            return built;
        }
    }

    private static double[][] symlogAll(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = java.util.Arrays.stream(m[i]).map(Charts::symlog).toArray();
        }
        return out;
    }

    /** {@code DIVERGING} when the views hold values of both signs, {@code NEGATIVE} when none is above 0. */
    static Chart.Scale scale(List<HeatmapView> views) {
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
        return negative && positive ? Chart.Scale.DIVERGING : negative ? Chart.Scale.NEGATIVE : Chart.Scale.SEQUENTIAL;
    }

    /** The view's colour range: its explicit one, else symmetric about 0, or from 0 to the extreme on one side. */
    static double[] range(HeatmapView view, Chart.Scale scale) {
        if (!Double.isNaN(view.low()) && !Double.isNaN(view.high())) {
            return new double[] {view.low(), view.high()};
        }
        double max = absMax(view.values(), 1e-9);
        return switch (scale) {
            case DIVERGING -> new double[] {-max, max};
            case NEGATIVE -> new double[] {-max, 0};
            case SEQUENTIAL -> new double[] {0, max};
        };
    }

    /** Largest absolute finite value, at least {@code floor} (a colour scale needs a non-zero range). */
    public static double absMax(double[][] m, double floor) {
        double max = floor;
        for (double[] row : m) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, Math.abs(v));
                }
            }
        }
        return max;
    }
}
