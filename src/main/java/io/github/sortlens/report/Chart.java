package io.github.sortlens.report;

import java.util.List;
import java.util.Locale;

/**
 * One chart of a page, as typed data only: {@link ChartOption} alone turns it into an ECharts option, and the macro
 * file {@code templates/charts.ftlh} lays out the figure around it. Values are complete when the chart is built; a
 * chart is never changed after it is added to a page. Build one with {@link #builder} (or the {@link Charts}
 * factories, which also write its data file), which names every part it sets.
 *
 * @param id        stable anchor id, unique on its page (also names the data download)
 * @param kind      what is drawn; {@link Kind#STRIP} is points per category (see {@link Charts#strip})
 * @param title     heading shown above the chart
 * @param alt       text alternative: what the chart shows and its main finding, in words
 * @param x         horizontal axis
 * @param y         vertical axis
 * @param scale     heatmap colours, or {@code null} for other kinds
 * @param variants  the data; several when the chart has a selection (head, example, block), the first shown first
 * @param selector  what the variants are chosen by, or {@code null} for a single variant
 * @param downloads the chart's data files beside the page
 * @param height    CSS pixel height of the chart area
 * @param positions which axis categories are the page's output positions (selectable), or {@code null}
 * @param minWidth  CSS pixel width below which the chart scrolls inside its own box rather than squeezing its
 *                  categories together (0: none); the page itself never scrolls sideways
 * @param symlog    heatmap colours follow {@code sign(v) log10(1 + |v|)} rather than {@code v} (the series carries
 *                  those values as its {@code colour} matrix; the colour range is in those units), so values from
 *                  -0.5 to -2,500 all get distinct colours; tooltips and downloads keep {@code v}
 */
public record Chart(String id, Kind kind, String title, String alt, Axis x, Axis y, Scale scale,
                    List<Variant> variants, Selector selector, List<Download> downloads, int height,
                    Positions positions, int minWidth, boolean symlog) {

    public Chart {
        if (!id.matches("[a-z0-9-]+")) {
            throw new ReportException("chart id '" + id + "' is not a slug (a-z, 0-9, -)");
        }
        variants = List.copyOf(variants);
        downloads = List.copyOf(downloads);
        if (variants.isEmpty()) {
            throw new ReportException("chart " + id + " has no data");
        }
        if ((kind == Kind.HEATMAP) != (scale != null)) {
            throw new ReportException("chart " + id + ": a colour scale goes with a heatmap, and only there");
        }
        if (symlog && kind != Kind.HEATMAP) {
            throw new ReportException("chart " + id + ": symlog colours go with a heatmap, and only there");
        }
    }

    /** Starts a chart of the given kind; set its axes, data and height, then {@link Builder#build}. */
    public static Builder builder(String id, Kind kind, String title, String alt) {
        return new Builder(id, kind, title, alt);
    }

    /**
     * The parts of a chart, set by name. Required: both axes, the variants and the height; a heatmap also needs its
     * colour scale. The rest defaults to none: no selector, no downloads, no selectable positions, no minimum width,
     * linear colours.
     */
    public static final class Builder {
        private final String id;
        private final Kind kind;
        private final String title;
        private final String alt;
        private Axis x;
        private Axis y;
        private Scale scale;
        private boolean symlog;
        private List<Variant> variants;
        private Selector selector;
        private List<Download> downloads = List.of();
        private int height;
        private Positions positions;
        private int minWidth;

        private Builder(String id, Kind kind, String title, String alt) {
            this.id = id;
            this.kind = kind;
            this.title = title;
            this.alt = alt;
        }

        /** The horizontal and vertical axes. */
        public Builder axes(Axis horizontal, Axis vertical) {
            x = horizontal;
            y = vertical;
            return this;
        }

        /** Heatmap colours (heatmaps only). */
        public Builder colours(Scale s) {
            scale = s;
            return this;
        }

        /** Heatmap colours on {@code sign(v) log10(1 + |v|)} (see {@link Chart#symlog()}). */
        public Builder symlogColours(Scale s) {
            scale = s;
            symlog = true;
            return this;
        }

        /** The data: one variant, or several chosen by {@link #selector}. */
        public Builder variants(List<Variant> list) {
            variants = list;
            return this;
        }

        /** What the variants are chosen by. */
        public Builder selector(Selector s) {
            selector = s;
            return this;
        }

        /** The chart's data files beside the page. */
        public Builder downloads(List<Download> list) {
            downloads = list;
            return this;
        }

        /** CSS pixel height of the chart area. */
        public Builder height(int px) {
            height = px;
            return this;
        }

        /** Which axis categories are the page's output positions (selectable). */
        public Builder positions(Positions p) {
            positions = p;
            return this;
        }

        /** CSS pixel width below which the chart scrolls in its own box. */
        public Builder minWidth(int px) {
            minWidth = px;
            return this;
        }

        public Chart build() {
            if (x == null || y == null || variants == null || height <= 0) {
                throw new ReportException("chart " + id + " needs both axes, its variants and a height");
            }
            return new Chart(id, kind, title, alt, x, y, scale, variants, selector, downloads, height, positions,
                    minWidth, symlog);
        }
    }

    /** The ECharts option of this chart as script-safe JSON text (what the page's script element holds). */
    public String optionJson() {
        return ChartOption.json(this);
    }

    /** What a chart draws. */
    public enum Kind {
        LINE, BAR, HEATMAP, STRIP
    }

    /**
     * Heatmap colours: red-blue centred at 0 for signed data, pale at 0 to dark for data >= 0, or dark red to pale
     * at 0 for data <= 0.
     */
    public enum Scale {
        DIVERGING, SEQUENTIAL, NEGATIVE;

        /** The lower-case name, as the preview cards know it. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How values print in ticks and tooltips (the {@code sortlens:NAME} formatters of {@code sortlens.js}). */
    public enum Format {
        NUMBER, PERCENT, INTEGER;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An axis.
     *
     * @param name       axis title
     * @param type       category, value, or value on a logarithmic scale (for data spanning decades)
     * @param labels     category labels ({@code null} for a value axis)
     * @param format     how values print in ticks and tooltips
     * @param min        fixed minimum, or {@code null} for automatic
     * @param max        fixed maximum, or {@code null} for automatic
     * @param rotatedGap pixels from the axis line to the axis title when the labels are turned upright (heatmap x
     *                   axes): room for the longest label, so the title is neither clipped nor on the labels
     */
    public record Axis(String name, Type type, List<String> labels, Format format, Double min, Double max,
                       int rotatedGap) {

        /** Width of one label character at the 11 px tick font, generously (DejaVu Sans averages about 6.5 px). */
        static final int CHAR_PX = 7;

        public enum Type {
            CATEGORY, VALUE, LOG
        }

        public Axis {
            labels = labels == null ? null : List.copyOf(labels);
            if ((type == Type.CATEGORY) != (labels != null)) {
                throw new ReportException("axis " + name + ": labels go with a category axis, and only there");
            }
        }

        public static Axis category(String name, List<String> labels) {
            int longest = labels.stream().mapToInt(String::length).max().orElse(0);
            return new Axis(name, Type.CATEGORY, labels, Format.NUMBER, null, null, 14 + CHAR_PX * longest);
        }

        /** A value axis on a logarithmic scale, for data spanning decades. */
        public static Axis log(String name, Format format) {
            return new Axis(name, Type.LOG, null, format, null, null, 0);
        }

        public static Axis value(String name, Format format) {
            return new Axis(name, Type.VALUE, null, format, null, null, 0);
        }

        public static Axis value(String name, Format format, double min, double max) {
            return new Axis(name, Type.VALUE, null, format, min, max, 0);
        }
    }

    /**
     * One selectable view of the chart.
     *
     * @param key    the value written to the URL hash
     * @param label  shown in the selector
     * @param series the series drawn
     * @param min    for heatmaps, the bottom of the colour range, else {@code null}
     * @param max    for heatmaps, the top of the colour range, else {@code null}
     */
    public record Variant(String key, String label, List<Series> series, Double min, Double max) {

        public Variant {
            series = List.copyOf(series);
            if (!key.matches("[A-Za-z0-9_-]+")) {
                throw new ReportException("variant key '" + key + "' is not a slug (letters, digits, - and _)");
            }
            if ((min == null) != (max == null)) {
                throw new ReportException("variant " + key + " has one end of its colour range only");
            }
        }

        /** The one view of a chart without a selection. */
        public static Variant all(List<Series> series) {
            return new Variant("all", "all", series, null, null);
        }
    }

    /**
     * One series: its name (legend and tooltip), how it is drawn, and its data in the shape its role takes.
     *
     * @param role {@link Role#LINE} ({@link XY}), {@link Role#POINTS} ({@link Values} or {@link Ints}),
     *             {@link Role#BAR} ({@link Values} or {@link Counted}), {@link Role#HEATMAP} ({@link Matrix}),
     *             {@link Role#MARKER} (outlined heatmap cells, {@link Cells}), {@link Role#RUNS} and
     *             {@link Role#MEDIAN} (a strip chart's points and its medians drawn as bars across the column,
     *             {@link Points}); any role may have {@link Empty} data that the page's script fills in
     */
    public record Series(String name, Role role, Data data) {

        public enum Role {
            LINE, POINTS, BAR, HEATMAP, MARKER, RUNS, MEDIAN
        }
    }

    /** A series' data; {@link ChartOption} writes each shape as ECharts (or {@code sortlens.js}) reads it. */
    public sealed interface Data permits Values, Ints, XY, Counted, Matrix, Cells, Points, Empty {
    }

    /** One value per category. */
    public record Values(double[] values) implements Data {
    }

    /** One integer per category (e.g. tokens). */
    public record Ints(int[] values) implements Data {
    }

    /** Points {@code (x[i], y[i])} over a numeric x axis. */
    public record XY(int[] x, double[] y) implements Data {
    }

    /**
     * Rates with the number of tokens each rests on; a category with no tokens has no bar, and a bar on fewer than
     * {@code thin} tokens is drawn faint with its count written on it.
     */
    public record Counted(double[] rates, long[] tokens, long thin) implements Data {
    }

    /**
     * A heatmap's values {@code [y row][x column]}, and on a symlog chart the values that pick the colours
     * ({@code null} otherwise).
     */
    public record Matrix(double[][] values, double[][] colour) implements Data {
    }

    /** Heatmap cells as {@code [x, y]} category pairs. */
    public record Cells(int[][] xy) implements Data {
    }

    /** Named points of a strip chart. */
    public record Points(List<Point> points) implements Data {

        public Points {
            points = List.copyOf(points);
        }
    }

    /** No data in the page: its script computes and fills it in (the Try it page). */
    public record Empty() implements Data {
    }

    /**
     * One point of a strip chart: a run's value in a category (its group), named in the tooltip; a click opens
     * {@code href} (relative to the page) when it is not null.
     */
    public record Point(String name, int category, double value, String href) {
    }

    /**
     * A selection control.
     *
     * @param key   the URL hash key: {@code head}, {@code example}, {@code block} or {@code position}
     * @param label the control's label
     */
    public record Selector(String key, String label) {
    }

    /**
     * Output positions on an axis: output {@code j} (hash value {@code out-j}) is category {@code first + j} of
     * {@code axis}, for {@code j < count}. The page's position selection is outlined there, and a click on that
     * axis' category selects it.
     *
     * @param axis  {@code x} or {@code y}
     * @param first category index of output 0
     * @param count number of outputs
     */
    public record Positions(String axis, int first, int count) {

        public Positions {
            if (!axis.equals("x") && !axis.equals("y")) {
                throw new ReportException("positions axis must be x or y, not " + axis);
            }
        }
    }

    /** A data file beside the page: link text and relative href. */
    public record Download(String label, String href) {
    }
}
