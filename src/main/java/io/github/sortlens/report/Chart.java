package io.github.sortlens.report;

import java.util.List;

/**
 * One chart of a page, as data only: the macro file {@code templates/charts.ftlh} alone turns it into an ECharts
 * option. Every JSON-typed field ({@code ...Json}) is ready-made, script-safe JSON text (see {@link JsonText}).
 *
 * @param id        stable anchor id, unique on its page (also names the data download)
 * @param kind      {@code line}, {@code bar}, {@code heatmap} or {@code strip} (points per category, see
 *                  {@link Charts#strip})
 * @param title     heading shown above the chart
 * @param alt       text alternative: what the chart shows and its main finding, in words
 * @param x         horizontal axis
 * @param y         vertical axis
 * @param scale     heatmap colours: {@code diverging} (red-blue centred at 0, for signed data), {@code sequential}
 *                  (pale at 0 to dark, for data >= 0) or {@code negative} (dark red to pale at 0, for data <= 0);
 *                  empty otherwise
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
public record Chart(String id, String kind, String title, String alt, Axis x, Axis y, String scale,
                    List<Variant> variants, Selector selector, List<Download> downloads, int height,
                    Positions positions, int minWidth, boolean symlog) {

    /** A chart without selectable output positions or minimum width. */
    public Chart(String id, String kind, String title, String alt, Axis x, Axis y, String scale,
                 List<Variant> variants, Selector selector, List<Download> downloads, int height) {
        this(id, kind, title, alt, x, y, scale, variants, selector, downloads, height, null, 0, false);
    }

    /** This chart with output positions on one of its axes. */
    public Chart withPositions(Positions p) {
        return new Chart(id, kind, title, alt, x, y, scale, variants, selector, downloads, height, p, minWidth,
                symlog);
    }

    /** This chart with another text alternative (a finding stated for this page's data). */
    public Chart withAlt(String text) {
        return new Chart(id, kind, title, text, x, y, scale, variants, selector, downloads, height, positions,
                minWidth, symlog);
    }

    public Chart {
        if (!id.matches("[a-z0-9-]+")) {
            throw new ReportException("chart id '" + id + "' is not a slug (a-z, 0-9, -)");
        }
        variants = List.copyOf(variants);
        downloads = List.copyOf(downloads);
        if (variants.isEmpty()) {
            throw new ReportException("chart " + id + " has no data");
        }
    }

    /** JSON of the title (for the option's aria description). */
    public String titleJson() {
        return JsonText.str(title);
    }

    public String altJson() {
        return JsonText.str(alt);
    }

    /**
     * An axis.
     *
     * @param nameJson   axis title as JSON
     * @param type       {@code category}, {@code value} or {@code log} (a value axis on a logarithmic scale)
     * @param labelsJson category labels as a JSON array ({@code null} for a value axis)
     * @param format     how values print in ticks and tooltips: {@code number}, {@code percent} or {@code integer}
     * @param minJson    fixed minimum as JSON, or {@code null} for automatic
     * @param maxJson    fixed maximum as JSON, or {@code null} for automatic
     * @param rotatedGap pixels from the axis line to the axis title when the labels are turned upright (heatmap x
     *                   axes): room for the longest label, so the title is neither clipped nor on the labels
     */
    public record Axis(String nameJson, String type, String labelsJson, String format, String minJson,
                       String maxJson, int rotatedGap) {

        /** Width of one label character at the 11 px tick font, generously (DejaVu Sans averages about 6.5 px). */
        static final int CHAR_PX = 7;

        public static Axis category(String name, List<String> labels) {
            int longest = labels.stream().mapToInt(String::length).max().orElse(0);
            return new Axis(JsonText.str(name), "category", JsonText.strings(labels), "number", null, null,
                    14 + CHAR_PX * longest);
        }

        /** A value axis on a logarithmic scale (ECharts' {@code log} type), for data spanning decades. */
        public static Axis log(String name, String format) {
            return new Axis(JsonText.str(name), "log", null, format, null, null, 0);
        }

        public static Axis value(String name, String format) {
            return new Axis(JsonText.str(name), "value", null, format, null, null, 0);
        }

        public static Axis value(String name, String format, double min, double max) {
            return new Axis(JsonText.str(name), "value", null, format, Num.json(min), Num.json(max), 0);
        }
    }

    /**
     * One selectable view of the chart.
     *
     * @param key      the value written to the URL hash
     * @param label    shown in the selector
     * @param series   the series drawn
     * @param minJson  for heatmaps, the bottom of the colour range (minus {@code maxJson} when diverging), else null
     * @param maxJson  for heatmaps, the top of the colour range, else null
     */
    public record Variant(String key, String label, List<Series> series, String minJson, String maxJson) {

        public Variant {
            series = List.copyOf(series);
            if (!key.matches("[A-Za-z0-9_-]+")) {
                throw new ReportException("variant key '" + key + "' is not a slug (letters, digits, - and _)");
            }
        }
    }

    /**
     * One series.
     *
     * @param nameJson  series name as JSON
     * @param role      {@code line}, {@code points}, {@code bar} (data items may carry {@code tokens} and
     *                  {@code thin}), {@code runs} (a strip chart's points: {@code {"value": [category, y], "name"}}
     *                  items), {@code median} (the same, drawn as a bar across the column), {@code heatmap} (data is {@code {"matrix": rows}}, rows y by x, with a
     *                  {@code "colour"} matrix beside it on a symlog chart) or {@code marker} ([x, y] cells of a
     *                  heatmap, outlined)
     * @param dataJson  the data: a JSON array (a JSON object for a heatmap)
     */
    public record Series(String nameJson, String role, String dataJson) {

        public static Series of(String name, String role, String dataJson) {
            return new Series(JsonText.str(name), role, dataJson);
        }
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
