package io.github.sortlens.report;

import io.github.sortlens.util.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ECharts option of typed charts: valid JSON of the shape sortlens.js reads, laid out on a few lines. */
class ChartOptionTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @Test
    void aHeatmapOptionHasItsAxesColourRangeSeriesAndPositions() {
        PageModel.Builder page = new PageModel.Builder("examples/x", "example.ftlh", "t", "d");
        double[][] m = {{0, 0.25}, {1, 0.5}};
        Chart c = Charts.heatmap("attention", "Attention", "Rows <attend> to columns & more.")
                .x("key", List.of("a", "b")).y("query", List.of("c", "d"))
                .views("attention", List.of(new Charts.HeatmapView("L0H0", "L0H0", m),
                        new Charts.HeatmapView("L0H1", "L0H1", m)))
                .selector(new Chart.Selector("head", "Head"))
                .markers(new Charts.Markers("expected", List.of(new int[][] {{1, 0}}, new int[][] {{0, 1}})))
                .height(300).positions(new Chart.Positions("y", 0, 2)).addTo(page);
        String text = c.optionJson();
        assertFalse(text.contains("<") || text.contains("&"), text);
        Map<String, Object> option = map(Json.parse(text, Map.class));
        assertEquals(List.of("base", "dark", "positions", "order", "variants"), List.copyOf(option.keySet()));
        Map<String, Object> base = map(option.get("base"));
        assertEquals("Rows <attend> to columns & more.",
                map(map(map(base.get("aria")).get("label"))).get("description"));
        assertEquals(List.of("a", "b"), map(base.get("xAxis")).get("data"));
        assertEquals("category", map(base.get("yAxis")).get("type"));
        // The name starts at the axis line, so short tick labels cannot push it off the left edge.
        assertEquals(Map.of("align", "left"), map(base.get("yAxis")).get("nameTextStyle"));
        assertEquals("sortlens:number", map(base.get("visualMap")).get("formatter"));
        assertEquals(Map.of("axis", "y", "first", 0, "count", 2), option.get("positions"));
        assertEquals(List.of("L0H0", "L0H1"), option.get("order"));
        Map<String, Object> first = map(map(option.get("variants")).get("L0H0"));
        assertEquals(Map.of("min", 0, "max", 1), first.get("visualMap"));
        List<Object> series = list(first.get("series"));
        assertEquals("heatmap", map(series.get(0)).get("type"));
        assertEquals(Map.of("matrix", List.of(List.of(0, 0.25), List.of(1, 0.5))), map(series.get(0)).get("data"));
        assertEquals("marker", map(series.get(1)).get("id"));
        assertEquals(List.of(List.of(1, 0)), map(series.get(1)).get("data"));
    }

    /** One line per top-level entry, per entry of the base after its first three, and per variant; no more. */
    @Test
    void theOptionIsLaidOutOnAFewReadableLines() {
        PageModel.Builder page = new PageModel.Builder("training", "training.ftlh", "t", "d");
        Chart c = Charts.lines(page, "loss", "Loss", "a", "step", Chart.Axis.log("loss", Chart.Format.NUMBER),
                List.of(new Charts.Line("train", new int[] {0, 100}, new double[] {3.21987, Double.NaN})));
        List<String> lines = c.optionJson().lines().toList();
        assertEquals("{\"base\":{\"animation\":false,\"backgroundColor\":\"transparent\",\"aria\":{\"enabled\":true,"
                + "\"label\":{\"description\":\"a\"}},", lines.get(0));
        assertEquals(List.of("\"color\"", "\"tooltip\"", "\"legend\"", "\"grid\"", "\"xAxis\"", "\"yAxis\"",
                        "\"dark\"", "\"order\"", "\"variants\""),
                lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.indexOf(':'))).toList());
        assertEquals("\"yAxis\":{\"type\":\"log\",\"name\":\"loss\",\"nameLocation\":\"end\","
                + "\"nameTextStyle\":{\"align\":\"left\"},\"axisLabel\":{\"formatter\":\"sortlens:number\"}}},",
                lines.get(6));
        assertEquals("\"variants\":{\"all\":{\"series\":[{\"type\":\"line\",\"name\":\"train\","
                + "\"data\":[[0,3.22],[100,null]],\"showSymbol\":false}]}}}", lines.get(9));
    }

    /** A strip chart: points named and linked, medians per category, the item tooltip. */
    @Test
    void aStripChartCarriesItsRunsAndMedians() {
        PageModel.Builder page = new PageModel.Builder("index", "sweep.ftlh", "t", "d");
        Chart c = Charts.strip(page, "figure-loss", "Loss", "a", "group", List.of("1 head", "2 heads"),
                Chart.Axis.value("nats", Chart.Format.NUMBER), List.of(new Chart.Point("run a", 0, 0.5, "a.html"),
                        new Chart.Point("run b", 0, 0.25, null), new Chart.Point("run c", 1, Double.NaN, null)));
        Map<String, Object> option = map(Json.parse(c.optionJson(), Map.class));
        assertEquals("sortlens:strip", map(map(option.get("base")).get("tooltip")).get("formatter"));
        List<Object> series = list(map(map(option.get("variants")).get("all")).get("series"));
        assertEquals(List.of(Map.of("value", List.of(0, 0.5), "name", "run a", "href", "a.html"),
                Map.of("value", List.of(0, 0.25), "name", "run b")), map(series.get(0)).get("data"));
        assertEquals(List.of(Map.of("value", List.of(0, 0.375), "name", "median")), map(series.get(1)).get("data"));
        assertNull(option.get("positions"));
        assertTrue(c.scale() == null && c.kind() == Chart.Kind.STRIP);
    }

    /** A few bars with long names show every name, turned; many bars or short names keep ECharts' own layout. */
    @Test
    void longBarLabelsAreAllShownTurned() {
        PageModel.Builder page = new PageModel.Builder("findings", "findings.ftlh", "t", "d");
        Chart rungs = Charts.bars(page, "rungs", "Rungs", "a", "rung",
                List.of("list keys, token write", "+ role writes", "full reconstruction"),
                Chart.Axis.value("share", Chart.Format.PERCENT), List.of("agreement"),
                List.of(new double[] {0.1, 0.9, 1}));
        Map<String, Object> axis = map(map(map(Json.parse(rungs.optionJson(), Map.class)).get("base")).get("xAxis"));
        assertEquals(Map.of("interval", 0, "rotate", 30, "fontSize", 11), axis.get("axisLabel"));
        assertEquals(ChartOption.turnedGap(22), ((Number) axis.get("nameGap")).intValue());
        Chart gaps = Charts.bars(page, "gaps", "Gaps", "a", "gap", List.of("0", "1", "2"),
                Chart.Axis.value("share", Chart.Format.PERCENT), List.of("error"), List.of(new double[] {0, 1, 2}));
        Map<String, Object> flat = map(map(map(Json.parse(gaps.optionJson(), Map.class)).get("base")).get("xAxis"));
        assertEquals(null, flat.get("axisLabel"));
    }
}
