package io.github.sortlens.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Colour scales that follow the data's sign, bars that show their counts and gaps, heatmaps sized to their labels. */
class ChartsTest {

    private static Charts.HeatmapView view(double[][] m) {
        return new Charts.HeatmapView("v", "v", m);
    }

    @Test
    void theScaleIsTwoSidedOnlyWhenTheDataHasBothSigns() {
        assertEquals(Chart.Scale.SEQUENTIAL, Charts.scale(List.of(view(new double[][] {{0, 0.2}, {1, 0.5}}))));
        assertEquals(Chart.Scale.NEGATIVE, Charts.scale(List.of(view(new double[][] {{0, -0.2}, {-99, -2536}}))));
        assertEquals(Chart.Scale.DIVERGING,
                Charts.scale(List.of(view(new double[][] {{-1, 0}}), view(new double[][] {{0, 2}}))));
        assertEquals(Chart.Scale.SEQUENTIAL, Charts.scale(List.of(view(new double[][] {{Double.NaN, 1}}))));
    }

    @Test
    void rangesStartAtZeroOnOneSideAndAnExplicitRangeIsKept() {
        double[][] neg = {{-3, -0.5}, {-7.25, 0}};
        assertArrayEquals(new double[] {-7.25, 0}, Charts.range(view(neg), Chart.Scale.NEGATIVE));
        assertArrayEquals(new double[] {0, 4}, Charts.range(view(new double[][] {{1, 4}}), Chart.Scale.SEQUENTIAL));
        assertArrayEquals(new double[] {-5, 5}, Charts.range(view(new double[][] {{-5, 2}}), Chart.Scale.DIVERGING));
        assertArrayEquals(new double[] {-3, 0},
                Charts.range(new Charts.HeatmapView("v", "v", neg, -3, 0), Chart.Scale.NEGATIVE));
    }

    @Test
    void countedBarsKeepEmptyCategoriesAndLabelThinOnes() {
        PageModel.Builder page = new PageModel.Builder("training", "training.ftlh", "t", "d");
        Chart c = Charts.countedBars(page, "by-gap", "t", "a", "gap", List.of("13", "14", "15"),
                Chart.Axis.value("error rate", Chart.Format.PERCENT), "token error rate", new double[] {0.01, 0, 1},
                new long[] {5000, 0, 3}, 100);
        String option = c.optionJson();
        assertTrue(option.contains("\"data\":[{\"value\":0.01,\"tokens\":5000},{\"value\":null,\"tokens\":0},"
                + "{\"value\":1,\"tokens\":3,\"thin\":true,\"itemStyle\":{\"opacity\":0.45}}]"), option);
        String csv = page.body(new TrainingPage.Body(List.of())).build().files().get("training-by-gap.csv");
        assertTrue(csv.contains("14,,0"), csv);
        assertTrue(csv.contains("15,1,3"), csv);
    }

    @Test
    void heatmapsGiveEveryCategoryRoomForItsLabel() {
        PageModel.Builder page = new PageModel.Builder("circuits", "circuits.ftlh", "t", "d");
        List<String> labels = java.util.stream.IntStream.range(0, 74).mapToObj(i -> "pos " + i).toList();
        Chart c = Charts.heatmap("qk", "t", "a").x("key", labels).y("query", labels)
                .views("score", List.of(view(new double[74][74]))).height(300).addTo(page);
        assertTrue(c.height() >= Charts.CELL_PX * 74, "height " + c.height());
        assertTrue(c.minWidth() >= Charts.CELL_PX * 74, "min width " + c.minWidth());
    }

    /** A symlog heatmap colours by sign(v) log10(1 + |v|), carried beside the true values, range in those units. */
    @Test
    void symlogHeatmapsColourByTheTransformAndKeepTheValues() {
        assertEquals(0, Charts.symlog(0));
        assertEquals(-2, Charts.symlog(-99), 1e-12);
        assertEquals(Math.log10(1.5), Charts.symlog(0.5), 1e-12);
        PageModel.Builder page = new PageModel.Builder("attribution", "attribution.ftlh", "t", "d");
        double[][] m = {{-99, -0.5}, {-2500, 0}};
        Chart c = Charts.heatmap("log-prob", "t", "a").x("x", List.of("a", "b")).y("y", List.of("c", "d"))
                .views("log-prob", List.of(new Charts.HeatmapView("all", "all", m, -99, 0))).height(300).symlog()
                .addTo(page);
        assertTrue(c.symlog());
        assertEquals(Chart.Scale.NEGATIVE, c.scale());
        assertEquals(-2, c.variants().get(0).min(), 1e-12);
        String option = c.optionJson();
        assertTrue(option.contains("\"visualMap\":{\"min\":-2,\"max\":0}"), option);
        assertTrue(option.contains("\"data\":{\"matrix\":[[-99,-0.5],[-2500,0]],\"colour\":[[-2,"), option);
    }
}
