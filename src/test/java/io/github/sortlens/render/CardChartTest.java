package io.github.sortlens.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CardChartTest {

    @Test
    void bucketMeansAverageConsecutiveSlices() {
        assertArrayEquals(new double[] {1.5, 3.5, 5.5}, CardChart.bucketMeans(new double[] {1, 2, 3, 4, 5, 6}, 3));
        double[] uneven = CardChart.bucketMeans(new double[] {1, 2, 3, 4, 5, 6, 7}, 3);
        assertEquals(3, uneven.length);
        assertEquals(1.5, uneven[0], 1e-12);
        assertEquals(6.0, uneven[2], 1e-12);
    }

    @Test
    void logScaleOnlyForPositiveSeriesSpanningTwoDecades() {
        assertTrue(CardChart.isLogScale(new double[] {3.0, 0.5, 0.01}));
        assertFalse(CardChart.isLogScale(new double[] {3.0, 0.5, 0.1}));
        assertFalse(CardChart.isLogScale(new double[] {3.0, 0.0, 0.001}));
        assertFalse(CardChart.isLogScale(new double[] {19, 2, 5}));
    }

    @Test
    void numbersHaveThreeSignificantDigits() {
        assertEquals("2.31", CardChart.number(2.3149));
        assertEquals("0.00412", CardChart.number(0.0041234));
        assertEquals("19", CardChart.number(19));
        assertEquals("0", CardChart.number(0));
        assertEquals("1.23e-07", CardChart.number(1.234e-7));
    }
}
