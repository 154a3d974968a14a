package io.github.sortlens.report;

import io.github.sortlens.report.PageJson.Lines;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.sortlens.report.PageJson.object;

/**
 * The ECharts option of a {@link Chart}: the one place that knows the option's shape. The option is a tree of maps,
 * lists, arrays and numbers built here and written once, by one mapper, as the JSON that
 * {@code site/sortlens.js} reads:
 * <pre>
 * {"base": option without series, "variants": {key: {"series": [...], "visualMap": {min, max}}}, "order": [keys],
 *  "dark": overrides merged in the dark theme,
 *  "positions": {"axis": "x" or "y", "first": category of output 0, "count": outputs} when positions are selectable}
 * </pre>
 * Strings of the form {@code "sortlens:NAME"} are formatter functions supplied by {@code sortlens.js}; a heatmap
 * series' data {@code {"matrix": rows}} is expanded to {@code [x, y, value]} items there ({@code {"matrix": rows,
 * "colour": rows}} to {@code [x, y, value, colour]} items, the visual map then colouring by the fourth).
 *
 * <p>{@link PageJson} writes it: script-safe, numbers with {@link Num#SIGNIFICANT} significant digits, the same chart
 * giving the same bytes.
 */
public final class ChartOption {

    private static final List<String> COLOURS = List.of("#0b62a4", "#c2410c", "#374151", "#7e22ce", "#15803d");
    private static final List<String> DARK_COLOURS = List.of("#6cb6ff", "#ffa657", "#d2d7dd", "#d2a8ff", "#7ee787");

    private ChartOption() {
    }

    /** The chart's option as script-safe JSON text. */
    public static String json(Chart c) {
        return PageJson.write(option(c));
    }

    /** The option tree of the chart, as {@link #json} writes it. */
    static Lines option(Chart c) {
        boolean heatmap = c.kind() == Chart.Kind.HEATMAP;
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("base", heatmap ? heatmapBase(c) : base(c));
        top.put("dark", heatmap ? Map.of("visualMap", Map.of("inRange", Map.of("color", darkColours(c.scale()))))
                : Map.of("color", DARK_COLOURS));
        if (c.positions() != null) {
            top.put("positions", object("axis", c.positions().axis(), "first", c.positions().first(),
                    "count", c.positions().count()));
        }
        top.put("order", c.variants().stream().map(Chart.Variant::key).toList());
        Map<String, Object> variants = new LinkedHashMap<>();
        for (Chart.Variant v : c.variants()) {
            Map<String, Object> variant = new LinkedHashMap<>();
            if (v.max() != null) {
                variant.put("visualMap", object("min", v.min(), "max", v.max()));
            }
            variant.put("series", v.series().stream().map(ChartOption::series).toList());
            variants.put(v.key(), variant);
        }
        top.put("variants", new Lines(1, variants));
        return new Lines(1, top);
    }

    private static Map<String, Object> start(Chart c) {
        return object("animation", false, "backgroundColor", "transparent",
                "aria", object("enabled", true, "label", object("description", c.alt())));
    }

    /**
     * A y axis' name, above the plot, starts at the axis line rather than being centred on it: centred, a name wider
     * than twice the tick labels (one-digit values) ran off the chart's left edge ('uery value').
     */
    private static final Map<String, Object> Y_NAME_STYLE = Map.of("align", "left");

    private static Lines heatmapBase(Chart c) {
        Map<String, Object> base = start(c);
        base.put("tooltip", object("position", "top", "formatter", "sortlens:heatmap"));
        base.put("grid", object("left", 8, "right", 16, "top", 40, "bottom", 64, "containLabel", true));
        base.put("xAxis", object("type", "category", "name", c.x().name(), "nameLocation", "middle",
                "nameGap", c.x().rotatedGap(), "data", c.x().labels(), "splitArea", object("show", false),
                "axisLabel", object("rotate", 90, "fontSize", 11)));
        base.put("yAxis", object("type", "category", "name", c.y().name(), "nameLocation", "start",
                "nameTextStyle", Y_NAME_STYLE,
                "data", c.y().labels(), "inverse", true, "axisLabel", object("fontSize", 11)));
        Map<String, Object> visualMap = object("type", "continuous", "seriesIndex", 0);
        if (c.symlog()) {
            visualMap.put("dimension", 3);
        }
        visualMap.putAll(object("calculable", true, "orient", "horizontal", "left", 8, "bottom", 4, "itemWidth", 12,
                "itemHeight", 220, "precision", c.symlog() ? 6 : 4,
                "formatter", c.symlog() ? "sortlens:symlog" : "sortlens:number",
                "inRange", object("color", colours(c.scale()))));
        base.put("visualMap", visualMap);
        return new Lines(3, base);
    }

    private static Lines base(Chart c) {
        Map<String, Object> base = start(c);
        String format = "sortlens:" + c.y().format().id();
        base.put("color", COLOURS);
        Map<String, Object> tooltip = c.kind() == Chart.Kind.STRIP
                ? object("trigger", "item", "valueFormatter", format, "formatter", "sortlens:strip")
                : object("trigger", "axis", "valueFormatter", format);
        if (c.kind() == Chart.Kind.BAR) {
            tooltip.put("formatter", "sortlens:bars");
        }
        base.put("tooltip", tooltip);
        base.put("legend", object("top", 0, "left", 8, "right", 64, "type", "scroll"));
        base.put("grid", object("left", 8 + turnedOverhang(c), "right", 24, "top", 64, "bottom", 28,
                "containLabel", true));
        base.put("xAxis", c.x().type() == Chart.Axis.Type.CATEGORY
                ? categoryAxis(c)
                : object("type", "value", "name", c.x().name(), "nameLocation", "middle", "nameGap", 28,
                "min", "dataMin", "max", "dataMax", "axisLabel", object("formatter", "sortlens:integer")));
        Map<String, Object> y = object("type", c.y().type().name().toLowerCase(java.util.Locale.ROOT),
                "name", c.y().name(), "nameLocation", "end", "nameTextStyle", Y_NAME_STYLE);
        if (c.y().min() != null) {
            y.put("min", c.y().min());
        }
        if (c.y().max() != null) {
            y.put("max", c.y().max());
        }
        if (c.kind() == Chart.Kind.STRIP && c.y().min() == null && c.y().max() == null) {
            y.put("scale", true); // the runs' spread is the point: the axis spans the values, not 0 to the top
        }
        y.put("axisLabel", object("formatter", format));
        base.put("yAxis", y);
        return new Lines(3, base);
    }

    /** Longest category label ECharts may lay flat; longer ones, on few bars, are all shown, turned. */
    static final int FLAT_LABEL = 8;
    /** Most bars whose long labels are all shown turned (more would overlap on a phone even turned). */
    static final int TURNED_LABELS = 16;

    /**
     * A bar chart's category axis. ECharts hides labels that would overlap, so a few bars with long names (rungs,
     * residual components) showed one name in three: those labels are all shown, turned, and the grid makes room.
     */
    private static Map<String, Object> categoryAxis(Chart c) {
        List<String> labels = c.x().labels();
        boolean turn = turned(c);
        Map<String, Object> axis = object("type", "category", "name", c.x().name(), "nameLocation", "middle",
                "nameGap", turn ? turnedGap(longest(labels)) : 28, "data", labels);
        if (turn) {
            axis.put("axisLabel", object("interval", 0, "rotate", 30, "fontSize", 11));
        }
        return axis;
    }

    /** A bar chart whose few category labels are too long to lie flat: all shown, turned. */
    static boolean turned(Chart c) {
        List<String> labels = c.x().type() == Chart.Axis.Type.CATEGORY ? c.x().labels() : List.of();
        return c.kind() == Chart.Kind.BAR && longest(labels) > FLAT_LABEL && labels.size() <= TURNED_LABELS;
    }

    private static int longest(List<String> labels) {
        return labels.stream().mapToInt(String::length).max().orElse(0);
    }

    /**
     * Pixels a turned first label reaches left of its bar (containLabel does not count a turned label's overhang, so
     * the grid's left margin makes room for it).
     */
    static int turnedOverhang(Chart c) {
        return turned(c) ? (int) Math.ceil(c.x().labels().get(0).length() * 6 * 0.87) : 0;
    }

    /** Pixels below the axis line that labels of {@code chars} characters take when turned 30 degrees. */
    static int turnedGap(int chars) {
        return 16 + (int) Math.ceil(chars * 6 * 0.5);
    }

    private static List<String> colours(Chart.Scale scale) {
        return switch (scale) {
            case DIVERGING -> List.of("#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac");
            case NEGATIVE -> List.of("#67000d", "#a50f15", "#ef3b2c", "#fc9272", "#fcbba1", "#fff5f0");
            case SEQUENTIAL -> List.of("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b");
        };
    }

    private static List<String> darkColours(Chart.Scale scale) {
        return switch (scale) {
            case DIVERGING -> List.of("#ff8f8a", "#d2473f", "#6e2a27", "#2b3038", "#1f4f80", "#3f8ee0", "#a8d1ff");
            case NEGATIVE -> List.of("#ffc2bd", "#ff7b72", "#d2473f", "#8a2f2a", "#4a2b2c", "#22262d");
            case SEQUENTIAL -> List.of("#1b1f26", "#17406e", "#2f7ad1", "#7fb8f5", "#e3f1ff");
        };
    }

    private static Map<String, Object> series(Chart.Series s) {
        Object data = data(s.data());
        return switch (s.role()) {
            case HEATMAP -> object("type", "heatmap", "name", s.name(), "data", data, "progressive", 0,
                    "emphasis", object("itemStyle", object("borderColor", "#000", "borderWidth", 1)));
            case MARKER -> object("type", "scatter", "id", "marker", "name", s.name(), "data", data, "symbol", "rect",
                    "symbolSize", 14, "silent", true, "z", 5,
                    "itemStyle", object("color", "transparent", "borderColor", "#1a7f37", "borderWidth", 2),
                    "tooltip", object("show", false));
            case BAR -> object("type", "bar", "name", s.name(), "data", data,
                    "label", object("show", true, "position", "top", "fontSize", 11, "formatter", "sortlens:thin"));
            case RUNS -> object("type", "scatter", "name", s.name(), "data", data, "symbolSize", 10,
                    "itemStyle", object("opacity", 0.7));
            case MEDIAN -> object("type", "scatter", "name", s.name(), "data", data, "symbol", "rect",
                    "symbolSize", new int[] {36, 3}, "z", 3);
            case POINTS -> object("type", "line", "name", s.name(), "data", data, "showSymbol", true, "symbolSize", 7);
            case LINE -> object("type", "line", "name", s.name(), "data", data, "showSymbol", false);
        };
    }

    /** The series' data as ECharts items (arrays and numbers pass through). */
    private static Object data(Chart.Data d) {
        if (d instanceof Chart.Values v) {
            return v.values();
        } else if (d instanceof Chart.Ints v) {
            return v.values();
        } else if (d instanceof Chart.XY xy) {
            List<Object[]> points = new ArrayList<>();
            for (int i = 0; i < xy.x().length; i++) {
                points.add(new Object[] {xy.x()[i], xy.y()[i]});
            }
            return points;
        } else if (d instanceof Chart.Counted c) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < c.rates().length; i++) {
                long tokens = c.tokens()[i];
                Map<String, Object> item = object("value", tokens == 0 ? Double.NaN : c.rates()[i], "tokens", tokens);
                if (tokens > 0 && tokens < c.thin()) {
                    item.putAll(object("thin", true, "itemStyle", object("opacity", 0.45)));
                }
                items.add(item);
            }
            return items;
        } else if (d instanceof Chart.Matrix m) {
            return m.colour() == null ? object("matrix", m.values())
                    : object("matrix", m.values(), "colour", m.colour());
        } else if (d instanceof Chart.Cells c) {
            return c.xy();
        } else if (d instanceof Chart.Points p) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Chart.Point point : p.points()) {
                Map<String, Object> item = object("value", new Object[] {point.category(), point.value()},
                        "name", point.name());
                if (point.href() != null) {
                    item.put("href", point.href());
                }
                items.add(item);
            }
            return items;
        } else if (d instanceof Chart.Empty) {
            return List.of(); // the page's script fills it in
        }
        throw new ReportException("no ECharts form for chart data " + d.getClass().getSimpleName());
    }
}
